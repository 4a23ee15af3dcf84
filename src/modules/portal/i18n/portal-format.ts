import { Language } from '../../../common/i18n/translator';

// Dates and numbers at the edge, per language; times stay in UTC with the zone named
// (STYLE.md "Data"). English keeps the ISO-like form the desk already reads.
const FRENCH_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

// A chart's day on its axis, the locale's short form: "Dec 7", "7 déc.".
const DAY_FORMATS: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }),
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', month: 'short', day: 'numeric' }),
};

// `day` is a UTC day, YYYY-MM-DD; anything else is returned as it is.
export function formatDayIn(lang: Language, day: string): string {
  if (!/^\d{4}-\d\d-\d\d$/.test(day)) return day;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : DAY_FORMATS[lang].format(d);
}

const NUMBER_LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr-FR' };

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value !== '') return new Date(value);
  return null;
}

export function formatUtcIn(lang: Language, value: unknown): string {
  const d = toDate(value);
  if (!d) return '—';
  if (Number.isNaN(d.getTime())) return String(value);
  if (lang === 'fr') return `${FRENCH_DATE_TIME.format(d)} UTC`;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatNumberIn(lang: Language, value: unknown): string {
  if (typeof value === 'number') return value.toLocaleString(NUMBER_LOCALES[lang]);
  return typeof value === 'string' ? value : '';
}
