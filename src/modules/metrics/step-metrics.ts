import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';

// The pipeline's steps, each timed where it happens (docs/architecture.md "Step timings").
export const PIPELINE_STEPS = [
  'parse',
  'check',
  'attribute',
  'compose',
  'send',
  'produce',
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
// Whether the step completed: an exception or a refusal is `error`. Nothing else is a label.
export type StepOutcome = 'ok' | 'error';

export const STEP_DURATION_METRIC = 'notice_relay_step_duration_seconds';
// From a policy check (well under a millisecond) to an SMTP send or a package (seconds).
export const STEP_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

// One histogram of every step's duration, labelled `step` and `outcome` only. It belongs to no
// registry of its own: MetricsService adds it to the app's registry, which /metrics serves.
@Injectable()
export class StepMetrics {
  readonly histogram = new Histogram<'step' | 'outcome'>({
    name: STEP_DURATION_METRIC,
    help: 'Duration of each notice pipeline step (parse, check, attribute, compose, send, produce)',
    labelNames: ['step', 'outcome'],
    buckets: STEP_BUCKETS,
    registers: [],
  });

  observe(step: PipelineStep, outcome: StepOutcome, seconds: number): void {
    this.histogram.observe({ step, outcome }, seconds);
  }

  // Times `run`; its outcome is `error` when it throws, or when `failed` says its result is one.
  async time<T>(step: PipelineStep, run: () => Promise<T>, failed?: (r: T) => boolean): Promise<T> {
    const start = process.hrtime.bigint();
    let outcome: StepOutcome = 'error';
    try {
      const r = await run();
      if (!failed?.(r)) outcome = 'ok';
      return r;
    } finally {
      this.observe(step, outcome, secondsSince(start));
    }
  }

  timeSync<T>(step: PipelineStep, run: () => T): T {
    const start = process.hrtime.bigint();
    let outcome: StepOutcome = 'error';
    try {
      const r = run();
      outcome = 'ok';
      return r;
    } finally {
      this.observe(step, outcome, secondsSince(start));
    }
  }
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
