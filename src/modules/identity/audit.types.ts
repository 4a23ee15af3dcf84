import { Principal } from '../auth/principal';

// Who did it: a person, a machine client's API key, or the service itself (a worker).
export interface AuditActor {
  kind: 'user' | 'api_key' | 'system';
  id: string;
  role: string;
}

export interface AuditEntryInput {
  actor: AuditActor;
  // Dotted verb, e.g. `identity.read`, `disclosure.approved`.
  action: string;
  subjectType: string;
  subjectId: string;
  // Why: shown to legal staff and kept with the entry (never identity itself).
  purpose: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  seq: string;
  at: Date;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  // The first entry whose stored hash or link does not match, with what is wrong.
  firstBroken: { seq: string; problem: string } | null;
}

export function actorFromPrincipal(p: Principal): AuditActor {
  if (p.kind === 'user' && p.userId) return { kind: 'user', id: p.userId, role: p.role };
  return { kind: 'api_key', id: p.apiKeyId ?? 'unknown', role: p.role };
}

export function systemActor(component: string): AuditActor {
  return { kind: 'system', id: component, role: 'system' };
}
