import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '../../queue/queue-names';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;

// One registry per app instance, so tests that boot several apps do not collide.
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@InjectQueue(QueueName.Maintenance) maintenance: Queue) {
    const queues: Queue[] = [maintenance];
    collectDefaultMetrics({ register: this.registry, prefix: 'notice_relay_' });
    this.httpRequests = new Counter({
      name: 'notice_relay_http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'notice_relay_http_request_duration_seconds',
      help: 'HTTP request latency, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    new Gauge({
      name: 'notice_relay_queue_jobs',
      help: 'Jobs in each Bull queue, by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      // Read at scrape time; a Redis outage must not fail the whole scrape.
      async collect() {
        await Promise.all(
          queues.map(async (q) => {
            try {
              const counts = await withDeadline(q.getJobCounts(), 1000);
              const c = counts as unknown as Record<string, number>;
              for (const state of JOB_STATES) this.set({ queue: q.name, state }, c[state] ?? 0);
            } catch {
              for (const state of JOB_STATES) this.set({ queue: q.name, state }, Number.NaN);
            }
          }),
        );
      },
    });
  }
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
