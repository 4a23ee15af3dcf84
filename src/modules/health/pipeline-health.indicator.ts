import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { pipelineState, SweepRunsRepository } from '../sweeps/sweep-runs.repository';

// Pending work and the sweeps that move it (issue #17): how many rows wait in each unfinished
// state and how long the oldest has waited, and whether each sweep has run lately. Reported,
// not a readiness condition: an API process takes notices even while no worker runs, and
// taking it out of service would not move the work. `stranded` says work waits with a sweep
// stopped; alert on it (and on notice_relay_pending_oldest_seconds).
@Injectable()
export class PipelineHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly sweeps: SweepRunsRepository,
  ) {}

  async report(key = 'pipeline') {
    const check = this.indicators.check(key);
    try {
      const [pending, runs] = await Promise.all([
        this.sweeps.pendingAges(),
        this.sweeps.lastRuns(),
      ]);
      const state = pipelineState(pending, runs);
      return check.up({
        stranded: state.stranded,
        pending: Object.fromEntries(
          state.pending.map((p) => [
            `${p.table}.${p.state}`,
            { count: p.count, oldestSeconds: Math.round(p.oldestSeconds) },
          ]),
        ),
        sweeps: Object.fromEntries(
          state.sweeps.map((s) => [
            s.sweep,
            {
              running: s.running,
              lastRunSecondsAgo: Number.isFinite(s.ageSeconds) ? Math.round(s.ageSeconds) : null,
            },
          ]),
        ),
      });
    } catch {
      // The database check says why; this one has nothing to add.
      return check.up({ unavailable: true });
    }
  }
}
