import { Registry } from 'prom-client';
import { PIPELINE_STEPS, STEP_BUCKETS, STEP_DURATION_METRIC, StepMetrics } from './step-metrics';

async function scrape(steps: StepMetrics): Promise<string> {
  const registry = new Registry();
  registry.registerMetric(steps.histogram);
  return registry.metrics();
}

describe('StepMetrics', () => {
  it('names the six pipeline steps, with increasing buckets from 0.5 ms to 30 s', () => {
    expect(PIPELINE_STEPS).toEqual(['parse', 'check', 'attribute', 'compose', 'send', 'produce']);
    expect(STEP_BUCKETS[0]).toBe(0.0005);
    expect(STEP_BUCKETS[STEP_BUCKETS.length - 1]).toBe(30);
    expect([...STEP_BUCKETS].sort((a, b) => a - b)).toEqual(STEP_BUCKETS);
  });

  it('records a bucket per boundary, labelled step and outcome only', async () => {
    const steps = new StepMetrics();
    steps.observe('send', 'ok', 0.2);
    const text = await scrape(steps);
    const buckets = text.split('\n').filter((l) => l.startsWith(`${STEP_DURATION_METRIC}_bucket{`));
    expect(buckets).toHaveLength(STEP_BUCKETS.length + 1);
    expect(text).toContain(`${STEP_DURATION_METRIC}_bucket{le="0.1",step="send",outcome="ok"} 0`);
    expect(text).toContain(`${STEP_DURATION_METRIC}_bucket{le="0.25",step="send",outcome="ok"} 1`);
    expect(text).toContain(`${STEP_DURATION_METRIC}_count{step="send",outcome="ok"} 1`);
  });

  it('times a step as ok, as error when it throws or its result is a failure', async () => {
    const steps = new StepMetrics();
    await expect(steps.time('parse', async () => 1)).resolves.toBe(1);
    await expect(
      steps.time(
        'parse',
        async () => ({ ok: false }),
        (r) => !r.ok,
      ),
    ).resolves.toEqual({
      ok: false,
    });
    await expect(
      steps.time('produce', async () => {
        throw new Error('window open');
      }),
    ).rejects.toThrow('window open');
    expect(() =>
      steps.timeSync('check', () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(steps.timeSync('check', () => 'v')).toBe('v');
    const text = await scrape(steps);
    for (const [step, outcome] of [
      ['parse', 'ok'],
      ['parse', 'error'],
      ['produce', 'error'],
      ['check', 'ok'],
      ['check', 'error'],
    ]) {
      expect(text).toContain(
        `${STEP_DURATION_METRIC}_count{step="${step}",outcome="${outcome}"} 1`,
      );
    }
  });

  it('belongs to no registry until one takes it (two apps do not collide)', async () => {
    const a = new StepMetrics();
    const b = new StepMetrics();
    a.observe('check', 'ok', 0.001);
    expect(await scrape(b)).not.toContain('_count{');
    expect(await scrape(a)).toContain(`${STEP_DURATION_METRIC}_count{step="check",outcome="ok"} 1`);
  });
});
