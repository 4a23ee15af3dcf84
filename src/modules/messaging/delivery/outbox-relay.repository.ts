import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, idRow } from '../../../database/checked-rows';
import {
  undeliveredItems,
  updatedRows,
  WARNING_OUTCOME_UNKNOWN,
} from '../../../database/queries/messaging.sql';

const takenRow = z
  .object({ id: col.uuid, batch_id: col.uuid })
  .transform((r) => ({ id: r.id, batchId: r.batch_id }));
const batchRow = z.object({ batch_id: col.uuid }).transform((r) => r.batch_id);

// The outbox's hand-over to Redis (the relay) and the recovery of claims whose worker stopped.
@Injectable()
export class OutboxRelayRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Takes the rows due for a hand-over to Redis and marks them 'queued' in their batch, in one
  // statement: pending rows, failed rows whose retry is due (next_attempt_at), and queued rows
  // not sent long after being handed over. SKIP LOCKED: several workers relaying at once never
  // take the same row. batchIds[k] names the k-th group of `batchSize` rows.
  async takeRelayable(
    requeueSeconds: number,
    limit: number,
    batchSize: number,
    batchIds: readonly string[],
  ): Promise<Array<{ id: string; batchId: string }>> {
    const res: unknown = await this.ds.query(
      `WITH due AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS rn FROM (
           SELECT id, created_at FROM outbound_messages
            WHERE status = 'pending'
               OR (status = 'failed' AND coalesce(next_attempt_at, updated_at) <= now())
               OR (status = 'queued' AND queued_at < now() - make_interval(secs => $1))
            ORDER BY created_at LIMIT $2
              FOR UPDATE SKIP LOCKED) d)
       UPDATE outbound_messages m SET status = 'queued', queued_at = now(), updated_at = now(),
              batch_id = ($4::uuid[])[((due.rn - 1) / $3)::int + 1]
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.batch_id`,
      [requeueSeconds, limit, batchSize, batchIds],
    );
    return checkedRows(takenRow, 'takeRelayable', updatedRows(res));
  }

  // Redis did not take the batches: their rows wait as pending again (a failed row keeps its
  // retry schedule: it was due already).
  async untakeBatches(batchIds: readonly string[]): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', batch_id = NULL, updated_at = now()
        WHERE batch_id = ANY($1::uuid[]) AND status = 'queued'`,
      [batchIds],
    );
  }

  // Batches handed over more than `seconds` ago whose rows still wait: their jobs may be lost.
  async queuedBatchesOlderThan(seconds: number, limit: number): Promise<string[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT DISTINCT batch_id FROM outbound_messages
        WHERE status = 'queued' AND batch_id IS NOT NULL
          AND queued_at < now() - make_interval(secs => $1)
        LIMIT $2`,
      [seconds, limit],
    );
    return checkedRows(batchRow, 'queuedBatchesOlderThan', rows);
  }

  // --- recovery of claims whose worker stopped ---

  // Live claims: the worker that holds them says so every few seconds.
  async heartbeat(claimIds: readonly string[]): Promise<void> {
    if (claimIds.length === 0) return;
    await this.ds.query(
      `UPDATE outbound_messages SET heartbeat_at = now()
        WHERE claim_id = ANY($1::uuid[]) AND status = 'sending'`,
      [claimIds],
    );
  }

  // A claim given up before its messages were handed to SMTP (the batch could not be loaded):
  // nothing was sent, so the rows wait again and the attempt does not count.
  async releaseClaim(claimId: string, ids: readonly string[], note: string): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              attempts = greatest(attempts - 1, 0), last_error = $3, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND claim_id = $2 AND status = 'sending'
          AND NOT (handed_at IS NOT NULL AND handed_at >= sending_at)`,
      [ids, claimId, note],
    );
  }

  // Claims whose worker stopped (no heartbeat for `staleSeconds`). A row claimed but never
  // handed to SMTP goes back to pending (nothing was sent; the attempt does not count). A row
  // handed over without an acknowledgement is returned separately: its outcome is unknown.
  async recoverAbandoned(staleSeconds: number): Promise<{ released: string[]; handed: string[] }> {
    const stale = `status = 'sending'
          AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $1)`;
    const released: unknown = await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE ${stale} AND NOT (handed_at IS NOT NULL AND handed_at >= sending_at)
        RETURNING id`,
      [staleSeconds],
    );
    const handed: unknown[] = await this.ds.query(
      `SELECT id FROM outbound_messages
        WHERE ${stale} AND handed_at IS NOT NULL AND handed_at >= sending_at`,
      [staleSeconds],
    );
    return {
      released: checkedRows(idRow, 'recoverAbandoned', updatedRows(released)).map((r) => r.id),
      handed: checkedRows(idRow, 'recoverAbandoned', handed).map((r) => r.id),
    };
  }

  // A stale handed row the transport says it never took: it waits again.
  async releaseAbandoned(id: string, staleSeconds: number): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              handed_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending'
          AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $2)`,
      [id, staleSeconds],
    );
  }

  // A stale handed row: parked for the desk, unless something answered it meanwhile.
  async parkUnknownOutcome(id: string, staleSeconds: number, note: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH m AS (
         UPDATE outbound_messages SET status = 'dead', dead_at = now(), last_error = $3,
                claim_id = NULL, updated_at = now()
          WHERE id = $1 AND status = 'sending'
            AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $2)
          RETURNING id),
       i AS (${undeliveredItems('$4', '$5')})
       SELECT id FROM m`,
      [
        id,
        staleSeconds,
        note,
        WARNING_OUTCOME_UNKNOWN,
        'the warning was handed to the mail server but its delivery is not confirmed',
      ],
    );
    return checkedRows(idRow, 'parkUnknownOutcome', rows).length === 1;
  }
}
