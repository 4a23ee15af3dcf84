import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { QueueName } from '../../queue/queue-names';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  queue: QueueName;
  // null: Redis did not answer in time; the page says so instead of showing zeros.
  counts: Record<QueueState, number> | null;
}

const DEADLINE_MS = 1000;

// Jobs per Bull queue and state, read from Redis when the dashboard is drawn.
@Injectable()
export class QueueDepthService {
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(QueueName.Intake) intake: Queue,
    @InjectQueue(QueueName.Mail) mail: Queue,
    @InjectQueue(QueueName.Retention) retention: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
  ) {
    this.queues = [intake, mail, retention, maintenance];
  }

  depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.queues.map(async (q): Promise<QueueDepth> => {
        try {
          const c = (await withDeadline(q.getJobCounts(), DEADLINE_MS)) as unknown as Record<
            string,
            number
          >;
          const counts = Object.fromEntries(QUEUE_STATES.map((s) => [s, c[s] ?? 0])) as Record<
            QueueState,
            number
          >;
          return { queue: q.name as QueueName, counts };
        } catch {
          return { queue: q.name as QueueName, counts: null };
        }
      }),
    );
  }
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
