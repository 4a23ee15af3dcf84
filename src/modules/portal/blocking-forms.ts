import type { FieldProblem } from '../../common/errors/app-error';
import type { OrderInput } from '../blocking/blocking-orders.service';
import type { BlockingOrderForm } from './dto/portal-blocking-forms.dto';
import type { FieldErrors } from './portal-form';

// Turning counsel's and legal's blocking forms into the service's input, and the service's
// field problems back into messages beside the form's fields (issue #18).

export interface EventWindowInput {
  label: string;
  startsAt: string;
  endsAt: string;
}

const STAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

// One window a line: "start, end, label", times in UTC, e.g.
// "2027-01-10 20:00, 2027-01-10 23:00, Paris v Lyon". Every bad line is named.
export function parseEventWindows(
  text: string,
): { windows: EventWindowInput[] } | { error: string } {
  const windows: EventWindowInput[] = [];
  const bad: string[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (line === '') return;
      const [start, end, ...rest] = line.split(',').map((p) => p.trim());
      const label = rest.join(', ');
      const s = STAMP.exec(start ?? '');
      const e = STAMP.exec(end ?? '');
      const startsAt = s ? `${s[1]}T${s[2]}:00Z` : '';
      const endsAt = e ? `${e[1]}T${e[2]}:00Z` : '';
      if (
        !s ||
        !e ||
        !label ||
        Number.isNaN(Date.parse(startsAt)) ||
        Number.isNaN(Date.parse(endsAt))
      )
        bad.push(
          `line ${i + 1}: give start, end, label like 2027-01-10 20:00, 2027-01-10 23:00, Match`,
        );
      else if (!(Date.parse(endsAt) > Date.parse(startsAt)))
        bad.push(`line ${i + 1}: the window ends before it starts`);
      else windows.push({ label: label.slice(0, 300), startsAt, endsAt });
    });
  if (bad.length) return { error: bad.join('; ') };
  if (!windows.length) return { error: 'Give the live-event windows, one a line' };
  if (windows.length > 500) return { error: 'At most 500 live-event windows' };
  return { windows };
}

// "1250.5" -> 125050, exactly (the form checked the shape: digits, at most two decimals).
export function amountCents(amount: string): number {
  const [units, fraction = ''] = amount.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'));
}

// The last day in force, as typed, ends at the next midnight UTC.
export function endOfDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() + 86_400_000).toISOString();
}

export function orderInput(f: BlockingOrderForm, windows: EventWindowInput[]): OrderInput {
  return {
    court: f.court,
    jurisdiction: f.jurisdiction,
    caseNumber: f.caseNumber,
    orderDate: f.orderDate,
    claimants: f.claimants,
    ispNamed: f.ispNamed,
    measures: f.measures,
    implementationDays: f.implementationDays,
    durationMonths: f.term === 'duration' ? f.durationMonths : undefined,
    endsAt: f.term === 'until' && f.endsOn ? endOfDay(f.endsOn) : undefined,
    eventWindows: f.term === 'events' ? windows : undefined,
    costBearer: f.costBearer,
    updateBasis: f.updateBasis,
    howToContest: f.howToContest,
    targets: f.targets,
  };
}

// The service names problems by its own field paths (`targets[3]`, `endsAt`): each goes beside
// the form field it came from, a list's entry by its line number.
export function formErrors(
  problems: readonly FieldProblem[],
  term: string | undefined,
  fallback: { field: string; message: string },
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  };
  for (const p of problems) {
    const item = /^(\w+)\[(\d+)\]/.exec(p.field);
    if (item) add(item[1], `line ${Number(item[2]) + 1}: ${p.message}`);
    else if (p.field === 'endsAt')
      add(
        term === 'events' ? 'eventWindows' : term === 'until' ? 'endsOn' : 'durationMonths',
        p.message,
      );
    else add(p.field, p.message);
  }
  if (!Object.keys(errors).length) errors[fallback.field] = fallback.message;
  return errors;
}

// 125050 -> "1250.50" (amounts are kept in cents, shown in the currency's units).
export function formatCents(cents: string | number): string {
  const n = BigInt(String(cents));
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

// Cost lines summed per currency, for the invoice to whoever bears the cost.
export function costTotals(
  costs: ReadonlyArray<{ hours: string; amountCents: string; currency: string }>,
): Array<{ currency: string; hours: string; amount: string }> {
  const by = new Map<string, { hundredthsOfHours: bigint; cents: bigint }>();
  for (const c of costs) {
    const t = by.get(c.currency) ?? { hundredthsOfHours: 0n, cents: 0n };
    t.hundredthsOfHours += BigInt(Math.round(Number(c.hours) * 100));
    t.cents += BigInt(c.amountCents);
    by.set(c.currency, t);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({
      currency,
      hours: formatCents(t.hundredthsOfHours.toString()).replace(/\.?0+$/, ''),
      amount: formatCents(t.cents.toString()),
    }));
}
