import type { ParsedNotice } from './parsed-notice';

// Sender text that reaches a subscriber (work title, file name, owner, claimant) is data, never
// layout: control characters and line breaks collapse to one space, bidirectional overrides and
// isolates (U+202A-U+202E, U+2066-U+2069) that could reorder what the subscriber reads are
// removed, and lengths are capped. The original bytes stay untouched beside it (IN-1).
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// C0 and C1 controls, DEL, line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

export const DISPLAY_LIMITS = { title: 300, fileName: 300, name: 200 } as const;

export function safeDisplayText(value: string, max: number): string;
export function safeDisplayText(value: string | null, max: number): string | null;
export function safeDisplayText(value: string | null, max: number): string | null {
  if (value === null) return null;
  const clean = value
    .replace(BIDI, '')
    .replace(CONTROLS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (clean === '') return null;
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

/** Makes every subscriber-facing field of a parsed notice safe to show, in place. */
export function makeSubscriberFacingSafe(notice: ParsedNotice): ParsedNotice {
  const { title, fileName, name } = DISPLAY_LIMITS;
  notice.owner = safeDisplayText(notice.owner, name);
  if (notice.agent !== undefined) notice.agent = safeDisplayText(notice.agent, name);
  notice.complainant.entity = safeDisplayText(notice.complainant.entity, name);
  notice.complainant.contact = safeDisplayText(notice.complainant.contact, name);
  notice.titles = notice.titles
    .map((t) => safeDisplayText(t, title))
    .filter((t): t is string => t !== null);
  for (const item of notice.items) {
    item.title = safeDisplayText(item.title, title);
    item.fileName = safeDisplayText(item.fileName, fileName);
  }
  return notice;
}
