import { DateTime } from 'luxon';

// A disclosure's codes as people read them: in the package counsel takes to court and on the
// portal's pages (one list, so the two say the same thing).
export const KIND_LABELS: Record<string, string> = {
  us_subpoena: 'US subpoena',
  us_court_order: 'US court order',
  us_512h_subpoena: 'US DMCA §512(h) subpoena',
  ca_norwich_order: 'Canadian Norwich order',
  fr_arcom_identification: 'Arcom identification request (France)',
  subscriber_consent: 'Subscriber consent',
  other: 'Other order',
};

export const FIELD_LABELS: Record<string, string> = {
  fullName: 'Full name',
  email: 'E-mail address',
  phone: 'Phone number',
  postalAddress: 'Postal address',
  installationAddress: 'Installation address',
};

export const OUTCOME_LABELS: Record<string, string> = {
  unique: 'One subscriber identified',
  ambiguous: 'Several possible subscribers: none named',
  no_lease: 'No subscriber held the address at that time',
  needs_port: 'Shared address without a source port: none named',
  out_of_retention: 'Outside our log retention',
  not_our_address: 'Not one of our addresses',
  not_attributed: 'Not attributed',
};

export const CONFIDENCE_LABELS: Record<string, string> = {
  high: 'High',
  medium: 'Medium (within the clock tolerance only)',
  none: 'None',
};

const EVIDENCE_LABELS: Record<string, string> = {
  hop: 'Step',
  table: 'Record kind',
  source: 'Log source',
  address: 'Address',
  starts: 'Held from',
  ends: 'Held until',
  confirmedUntil: 'Confirmed until',
  toleranceSeconds: 'Clock tolerance (seconds)',
  onlyWithinTolerance: 'Only within the tolerance',
  ports: 'Port block',
  pool: 'Address pool',
};

const HOP_LABELS: Record<string, string> = {
  nat: 'Shared address (port block log)',
  lease: 'Address lease log',
};

export function wordsFor(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replace(/_/g, ' ');
}

// "4 October 2026, 21:13:07 UTC": readable, to the second, its zone named.
export function readableUtc(iso: string | Date | null | undefined): string {
  if (!iso) return 'not given';
  const d =
    iso instanceof Date
      ? DateTime.fromJSDate(iso, { zone: 'utc' })
      : DateTime.fromISO(iso, { zone: 'utc' });
  if (!d.isValid) return String(iso);
  return `${d.setLocale('en-GB').toFormat('d LLLL yyyy, HH:mm:ss')} UTC`;
}

// One evidence record as "Label: value" pairs, times readable.
export function evidenceWords(e: Record<string, unknown>): Array<{ label: string; value: string }> {
  return Object.entries(e).map(([k, v]) => {
    let value: string;
    if (k === 'hop' && typeof v === 'string') value = wordsFor(HOP_LABELS, v);
    else if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) value = readableUtc(v);
    else if (typeof v === 'boolean') value = v ? 'yes' : 'no';
    else if (typeof v === 'string' || typeof v === 'number') value = String(v);
    else value = JSON.stringify(v);
    return { label: wordsFor(EVIDENCE_LABELS, k), value };
  });
}
