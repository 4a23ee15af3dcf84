import { pipelineState, Sweep, SWEEP_LATE_SECONDS } from './sweep-runs.repository';

describe('pipelineState', () => {
  const allRunning = Object.values(Sweep).map((sweep) => ({ sweep, ageSeconds: 3 }));

  it('reports every sweep, running or not, and work as stranded only when a sweep stopped', () => {
    const pending = [
      { table: 'outbound_messages' as const, state: 'queued', count: 4, oldestSeconds: 600 },
    ];
    const live = pipelineState(pending, allRunning);
    expect(live.sweeps.every((s) => s.running)).toBe(true);
    expect(live.stranded).toBe(false);

    const stopped = pipelineState(
      pending,
      allRunning.filter((r) => r.sweep !== Sweep.MailRelay),
    );
    expect(stopped.sweeps.find((s) => s.sweep === (Sweep.MailRelay as string))).toEqual({
      sweep: Sweep.MailRelay,
      ageSeconds: Number.POSITIVE_INFINITY,
      running: false,
    });
    expect(stopped.stranded).toBe(true);
  });

  it('does not call fresh work or failed rows waiting for their retry stranded', () => {
    const late = allRunning.map((r) => ({ ...r, ageSeconds: SWEEP_LATE_SECONDS + 1 }));
    expect(
      pipelineState(
        [{ table: 'notice_items', state: 'accepted', count: 1, oldestSeconds: 2 }],
        late,
      ).stranded,
    ).toBe(false);
    expect(
      pipelineState(
        [{ table: 'outbound_messages', state: 'failed', count: 1, oldestSeconds: 900 }],
        late,
      ).stranded,
    ).toBe(false);
  });
});
