import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { waitFor } from './smtp-sink';

// Resolves once the mail pipeline holds nothing more for these accounts: no item waiting for
// a digest, no message in an unfinished state (pending, queued, sending, failed), and no mail job
// waiting, delayed or running. A message to them that the SMTP sink has not received by then
// can no longer arrive, so "exactly one mail" can be checked without sleeping (issue #20).
export async function mailDrained(
  ds: DataSource,
  queue: Queue,
  accountIds: readonly string[],
  timeoutMs = 20_000,
): Promise<void> {
  await waitFor(
    'the mail pipeline to drain',
    async () => {
      const [held]: Array<{ items: number; messages: number }> = await ds.query(
        `SELECT (SELECT count(*)::int FROM notice_items
                  WHERE subscriber_account_id = ANY($1) AND status = 'attributed') AS items,
                (SELECT count(*)::int FROM outbound_messages
                  WHERE subscriber_account_id = ANY($1)
                    AND status IN ('pending', 'queued', 'sending', 'failed')) AS messages`,
        [accountIds],
      );
      if (held.items > 0 || held.messages > 0) return false;
      const jobs = await queue.getJobCounts();
      return jobs.waiting + jobs.active + jobs.delayed === 0;
    },
    timeoutMs,
  );
}
