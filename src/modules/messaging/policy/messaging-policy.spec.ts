import { chooseStage, DEFAULT_POLICY, mergePolicy, PolicyFileError } from './messaging-policy';

describe('repeat-offence policy tables', () => {
  it.each([
    [1, 1, null],
    [2, 1, null],
    [3, 2, null],
    [5, 3, null],
    [7, 4, 'termination'],
    [40, 4, 'termination'],
  ])('US: %i strikes -> stage %i, proposal %s', (strikes, stage, propose) => {
    expect(chooseStage(DEFAULT_POLICY.us, strikes)).toEqual({ stage, propose });
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [9, 3],
  ])('France: %i strikes -> stage %i', (strikes, stage) => {
    expect(chooseStage(DEFAULT_POLICY.fr, strikes)).toEqual({ stage, propose: null });
  });

  it('Canada never escalates and never proposes a suspension (SN-8, ER-6)', () => {
    expect(chooseStage(DEFAULT_POLICY.ca, 50)).toEqual({ stage: 1, propose: null });
  });

  it('escalation switched off keeps stage 1 (ER-6)', () => {
    const p = mergePolicy(DEFAULT_POLICY, { generic: { escalation: false } });
    expect(chooseStage(p.generic, 10)).toEqual({ stage: 1, propose: null });
    expect(chooseStage(DEFAULT_POLICY.generic, 10)).toEqual({ stage: 3, propose: 'suspension' });
  });

  it('refuses a Canadian suspension and malformed tables', () => {
    expect(() =>
      mergePolicy(DEFAULT_POLICY, {
        ca: { stages: [{ stage: 1, minStrikes: 1, propose: 'suspension' }] },
      }),
    ).toThrow(PolicyFileError);
    expect(() => mergePolicy(DEFAULT_POLICY, { us: { windowDays: 0 } })).toThrow(/windowDays/);
    expect(() => mergePolicy(DEFAULT_POLICY, [])).toThrow(PolicyFileError);
  });

  it('overrides single fields and adds regimes', () => {
    const p = mergePolicy(DEFAULT_POLICY, { us: { windowDays: 90 }, nz: { escalation: false } });
    expect(p.us.windowDays).toBe(90);
    expect(p.us.stages).toEqual(DEFAULT_POLICY.us.stages);
    expect(p.nz.escalation).toBe(false);
  });
});
