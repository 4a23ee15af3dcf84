import { readFileSync } from 'node:fs';

// Repeat-offence policy per regime (ER-1..ER-6). Every notice item counts as one strike (no
// "one notice a day" rule, ER-2); strikes are counted per account inside a sliding window of
// `windowDays` (never reset on a calendar, ER-2); withdrawn strikes do not count (ER-3).
export interface PolicyStage {
  // First stage whose minStrikes <= count applies (the highest such stage).
  stage: number;
  minStrikes: number;
  // ER-5: a human decision is asked for; nothing is ever done automatically.
  propose?: 'suspension' | 'termination';
}

export interface RegimePolicy {
  // false: items are not forwarded under this regime (not_forwarded, reason regime_policy).
  forward: boolean;
  // ER-6: false keeps every message at stage 1, whatever the count.
  escalation: boolean;
  windowDays: number;
  stages: PolicyStage[];
  // Forward the original notice unaltered as an attachment (Canada, s. 41.26 Copyright Act).
  attachOriginal: boolean;
  // Who the proposal is addressed to (a desk role; the person is whoever holds it).
  proposalsTo: string;
}

export type MessagingPolicy = Record<string, RegimePolicy>;

export const DEFAULT_POLICY: MessagingPolicy = {
  // Notice-and-notice: forward unaltered, no escalation and never a suspension (SN-8).
  ca: {
    forward: true,
    escalation: false,
    windowDays: 365,
    stages: [{ stage: 1, minStrikes: 1 }],
    attachOriginal: true,
    proposalsTo: 'legal',
  },
  // Repeat-infringer policy (17 USC 512(i)), modelled on CAS: educational, acknowledgement,
  // mitigation, then a termination proposal for a person to decide.
  us: {
    forward: true,
    escalation: true,
    windowDays: 365,
    stages: [
      { stage: 1, minStrikes: 1 },
      { stage: 2, minStrikes: 3 },
      { stage: 3, minStrikes: 5 },
      { stage: 4, minStrikes: 7, propose: 'termination' },
    ],
    attachOriginal: false,
    proposalsTo: 'legal',
  },
  // Graduated response: first e-mail, second within the window, third (referral stage).
  fr: {
    forward: true,
    escalation: true,
    windowDays: 365,
    stages: [
      { stage: 1, minStrikes: 1 },
      { stage: 2, minStrikes: 2 },
      { stage: 3, minStrikes: 3 },
    ],
    attachOriginal: false,
    proposalsTo: 'legal',
  },
  generic: {
    forward: true,
    escalation: true,
    windowDays: 365,
    stages: [
      { stage: 1, minStrikes: 1 },
      { stage: 2, minStrikes: 3 },
      { stage: 3, minStrikes: 6, propose: 'suspension' },
    ],
    attachOriginal: false,
    proposalsTo: 'legal',
  },
};

export interface StageDecision {
  stage: number;
  propose: 'suspension' | 'termination' | null;
}

// `strikes` counts the active strikes in the window, including the ones just recorded.
export function chooseStage(policy: RegimePolicy, strikes: number): StageDecision {
  if (!policy.escalation) return { stage: 1, propose: null };
  const applicable = [...policy.stages]
    .sort((a, b) => a.minStrikes - b.minStrikes)
    .filter((s) => s.minStrikes <= strikes);
  const chosen = applicable[applicable.length - 1] ?? policy.stages[0];
  return { stage: chosen.stage, propose: chosen.propose ?? null };
}

export function policyFor(policy: MessagingPolicy, regime: string): RegimePolicy {
  return policy[regime] ?? policy.generic;
}

export class PolicyFileError extends Error {}

// A JSON file may override whole regimes or single fields of one ({"ca": {"windowDays": 180}}).
export function loadPolicy(file: string | null): MessagingPolicy {
  if (!file) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PolicyFileError(`MESSAGING_POLICY_FILE ${file}: ${(e as Error).message}`);
  }
  return mergePolicy(DEFAULT_POLICY, raw);
}

export function mergePolicy(base: MessagingPolicy, raw: unknown): MessagingPolicy {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyFileError('the messaging policy must be a JSON object keyed by regime');
  }
  const out: MessagingPolicy = { ...base };
  for (const [regime, value] of Object.entries(raw as Record<string, unknown>)) {
    const merged = { ...(base[regime] ?? base.generic), ...(value as Partial<RegimePolicy>) };
    validateRegime(regime, merged);
    out[regime] = merged;
  }
  return out;
}

function validateRegime(regime: string, p: RegimePolicy): void {
  const bad = (why: string) => new PolicyFileError(`policy for ${regime}: ${why}`);
  if (typeof p.forward !== 'boolean') throw bad('forward must be true or false');
  if (typeof p.escalation !== 'boolean') throw bad('escalation must be true or false');
  if (!Number.isInteger(p.windowDays) || p.windowDays < 1) throw bad('windowDays must be >= 1');
  if (!Array.isArray(p.stages) || p.stages.length === 0) throw bad('stages must not be empty');
  for (const s of p.stages) {
    if (!Number.isInteger(s.stage) || s.stage < 1) throw bad('each stage needs stage >= 1');
    if (!Number.isInteger(s.minStrikes) || s.minStrikes < 1) throw bad('minStrikes must be >= 1');
    if (s.propose !== undefined && s.propose !== 'suspension' && s.propose !== 'termination') {
      throw bad('propose must be suspension or termination');
    }
  }
  if (regime === 'ca' && p.stages.some((s) => s.propose === 'suspension')) {
    throw bad('no suspension on notices in Canada');
  }
}
