import type { FieldErrors } from './portal-form';

const DAY_MS = 86_400_000;

function dayStart(text: string): Date | null {
  const d = new Date(`${text}T00:00:00Z`);
  // Rejects 2026-02-31 and the like, which Date would roll over.
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : d;
}

// A list filter's "from" and "to" days (UTC, both inclusive) as [from, to) instants.
export function dayRange(
  from: string | undefined,
  to: string | undefined,
): { from?: Date; to?: Date; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const start = from ? dayStart(from) : null;
  const end = to ? dayStart(to) : null;
  if (from && !start) errors.from = 'Enter a real date, like 2026-10-04';
  if (to && !end) errors.to = 'Enter a real date, like 2026-10-04';
  if (start && end && end < start) errors.to = 'The end date must be on or after the start date';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    from: start ?? undefined,
    to: end ? new Date(end.getTime() + DAY_MS) : undefined,
    errors,
  };
}

// Only a list's own query parameters are validated; a stray one is ignored, not an error.
export function pick(
  query: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([k]) => keys.includes(k)));
}
