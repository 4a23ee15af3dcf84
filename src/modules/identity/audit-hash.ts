import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  prevHash: string;
  at: Date;
  actorKind: string;
  actorId: string;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  purpose: string;
  details: unknown;
}

// jsonb reorders object keys, so the hash is taken over a canonical form with sorted keys.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function auditHash(f: HashedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        f.prevHash,
        f.at.toISOString(),
        f.actorKind,
        f.actorId,
        f.actorRole,
        f.action,
        f.subjectType,
        f.subjectId,
        f.purpose,
        f.details,
      ]),
    )
    .digest('hex');
}
