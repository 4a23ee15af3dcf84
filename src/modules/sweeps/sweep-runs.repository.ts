import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

// The sweeps that find pending work in PostgreSQL (issue #17). Each run is recorded, so that
// readiness and /metrics, in any process, can tell whether they run.
export enum Sweep {
  // Attributed items -> outbox rows; due rows -> Redis; lost batches handed over again.
  MailRelay = 'mail-relay',
  // Claims of stopped workers: back to pending, or parked as outcome unknown.
  MailRecovery = 'mail-recovery',
  // Accepted notices no job attributed -> attribution jobs; queued items released (IN-6).
  Attribution = 'attribution',
}

// A sweep not seen for this long is reported as not running.
export const SWEEP_LATE_SECONDS = 60;

export interface PendingAge {
  table: 'outbound_messages' | 'notice_items';
  state: string;
  count: number;
  oldestSeconds: number;
}

// What readiness and /metrics say about the pipeline's pending work.
export interface PipelineState {
  pending: PendingAge[];
  sweeps: Array<SweepRun & { running: boolean }>;
  // Work waiting longer than SWEEP_LATE_SECONDS while no sweep runs.
  stranded: boolean;
}

export function pipelineState(pending: PendingAge[], runs: SweepRun[]): PipelineState {
  const sweeps = Object.values(Sweep).map((name) => {
    const run = runs.find((r) => r.sweep === (name as string));
    const ageSeconds = run ? run.ageSeconds : Number.POSITIVE_INFINITY;
    return { sweep: name, ageSeconds, running: ageSeconds <= SWEEP_LATE_SECONDS };
  });
  const waitingLong = pending.some(
    (p) => p.state !== 'failed' && p.oldestSeconds > SWEEP_LATE_SECONDS,
  );
  return { pending, sweeps, stranded: waitingLong && sweeps.some((s) => !s.running) };
}

export interface SweepRun {
  sweep: string;
  ageSeconds: number;
}

@Injectable()
export class SweepRunsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async recordRun(sweep: Sweep, worker: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO sweep_runs (sweep, ran_at, worker) VALUES ($1, now(), $2)
       ON CONFLICT (sweep) DO UPDATE SET ran_at = now(), worker = $2`,
      [sweep, worker],
    );
  }

  async lastRuns(): Promise<SweepRun[]> {
    const rows: Array<{ sweep: string; age: number }> = await this.ds.query(
      `SELECT sweep, extract(epoch FROM now() - ran_at)::float8 AS age FROM sweep_runs`,
    );
    return rows.map((r) => ({ sweep: r.sweep, ageSeconds: r.age }));
  }

  // Messages sent again after a send whose outcome was unknown (possibly two copies).
  async possibleDuplicates(): Promise<number> {
    const rows: Array<{ n: number }> = await this.ds.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE possible_duplicate`,
    );
    return rows[0].n;
  }

  // Every unfinished state with how many rows wait in it and how long the oldest has waited.
  async pendingAges(): Promise<PendingAge[]> {
    const rows: Array<{ t: string; state: string; n: number; age: number }> = await this.ds.query(
      `SELECT 'outbound_messages' AS t, status AS state, count(*)::int AS n,
              extract(epoch FROM now() - min(CASE status
                WHEN 'queued' THEN queued_at
                WHEN 'sending' THEN coalesce(heartbeat_at, sending_at)
                WHEN 'failed' THEN coalesce(next_attempt_at, updated_at)
                ELSE created_at END))::float8 AS age
         FROM outbound_messages
        WHERE status IN ('pending', 'queued', 'sending', 'failed')
        GROUP BY status
       UNION ALL
       SELECT 'notice_items', status, count(*)::int,
              extract(epoch FROM now() - min(coalesce(accepted_at, created_at)))::float8
         FROM notice_items WHERE status = 'accepted' GROUP BY status`,
    );
    return rows.map((r) => ({
      table: r.t as PendingAge['table'],
      state: r.state,
      count: r.n,
      // A failed row waiting for its next attempt counts from when it became due.
      oldestSeconds: Math.max(0, r.age),
    }));
  }
}
