import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '../../queue/queue-names';
import {
  PendingAge,
  pipelineState,
  PipelineState,
  SweepRunsRepository,
} from '../sweeps/sweep-runs.repository';
import { StepMetrics } from './step-metrics';

interface PipelineReading {
  state: PipelineState;
  dup: number;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;

// Pending work in PostgreSQL (issue #17) as every scrape reads it.
type ReadPipeline = () => Promise<PipelineReading | null>;

const STATES = [
  ['outbound_messages', 'pending'],
  ['outbound_messages', 'queued'],
  ['outbound_messages', 'sending'],
  ['outbound_messages', 'failed'],
  ['notice_items', 'accepted'],
] as const;

// One registry per app instance, so tests that boot several apps do not collide.
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    sweeps: SweepRunsRepository,
    steps: StepMetrics,
  ) {
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
    this.registry.registerMetric(steps.histogram);
    registerPipelineGauges(this.registry, pipelineReader(sweeps));
    registerQueueGauge(this.registry, [maintenance]);
  }
}

// Reads the pending work once per scrape (the gauges share one reading), at scrape time; null
// when the database does not answer within 2 s.
function pipelineReader(sweeps: SweepRunsRepository): ReadPipeline {
  let reading: { at: number; value: Promise<PipelineReading | null> } | null = null;
  return () => {
    if (!reading || Date.now() - reading.at > 1000) {
      reading = {
        at: Date.now(),
        value: withDeadline(
          Promise.all([sweeps.pendingAges(), sweeps.lastRuns(), sweeps.possibleDuplicates()]),
          2000,
        ).then(
          ([pending, runs, dup]) => ({ state: pipelineState(pending, runs), dup }),
          () => null,
        ),
      };
    }
    return reading.value;
  };
}

function setByState(
  gauge: Gauge<'table' | 'state'>,
  r: PipelineReading | null,
  pick: (p: PendingAge) => number,
): void {
  for (const [table, state] of STATES) {
    const p = r?.state.pending.find((x) => x.table === table && x.state === state);
    gauge.set({ table, state }, r ? (p ? pick(p) : 0) : Number.NaN);
  }
}

// Rows waiting per state, the sweeps' last runs and possible duplicate sends.
function registerPipelineGauges(registry: Registry, read: ReadPipeline): void {
  new Gauge({
    name: 'notice_relay_pending_oldest_seconds',
    help: 'Age of the oldest row in each unfinished state (failed: since its retry came due)',
    labelNames: ['table', 'state'],
    registers: [registry],
    async collect() {
      setByState(this, await read(), (p) => p.oldestSeconds);
    },
  });
  new Gauge({
    name: 'notice_relay_pending_rows',
    help: 'Rows waiting in each unfinished state (outbox messages, accepted notice items)',
    labelNames: ['table', 'state'],
    registers: [registry],
    async collect() {
      setByState(this, await read(), (p) => p.count);
    },
  });
  new Gauge({
    name: 'notice_relay_sweep_running',
    help: 'Whether each worker sweep ran within the last minute (1) or not (0)',
    labelNames: ['sweep'],
    registers: [registry],
    async collect() {
      const r = await read();
      for (const s of r?.state.sweeps ?? []) this.set({ sweep: s.sweep }, s.running ? 1 : 0);
    },
  });
  new Gauge({
    name: 'notice_relay_sweep_last_run_seconds',
    help: 'Seconds since each worker sweep last ran (any worker); -1 never',
    labelNames: ['sweep'],
    registers: [registry],
    async collect() {
      const r = await read();
      for (const s of r?.state.sweeps ?? []) {
        this.set({ sweep: s.sweep }, Number.isFinite(s.ageSeconds) ? s.ageSeconds : -1);
      }
    },
  });
  new Gauge({
    name: 'notice_relay_mail_possible_duplicates',
    help: 'Messages sent again after a send whose SMTP reply was lost (same Message-ID)',
    registers: [registry],
    async collect() {
      const r = await read();
      this.set(r ? r.dup : Number.NaN);
    },
  });
}

// Jobs per Bull queue and state, read at scrape time; a Redis outage must not fail the scrape.
function registerQueueGauge(registry: Registry, queues: Queue[]): void {
  new Gauge({
    name: 'notice_relay_queue_jobs',
    help: 'Jobs in each Bull queue, by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
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

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
