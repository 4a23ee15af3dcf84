import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { QueueName } from '../../src/queue/queue-names';

export const NOTICE_FIXTURES = join(__dirname, '..', 'fixtures', 'notices');

export function noticeFixture(name: string): Buffer {
  return readFileSync(join(NOTICE_FIXTURES, name));
}

// Waits until the intake queue has nothing waiting or running and no item is left `accepted`
// (the worker runs in the same app: MODE=all).
export async function drainIntake(ctx: INestApplicationContext, timeoutMs = 20_000): Promise<void> {
  const queue = ctx.get<Queue>(getQueueToken(QueueName.Intake));
  const ds = ctx.get(DataSource);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts();
    const [{ n }] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM notice_items WHERE status = 'accepted'`,
    );
    if (counts.waiting === 0 && counts.active === 0 && n === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`intake queue not drained: ${JSON.stringify(counts)}, ${n} accepted items`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
