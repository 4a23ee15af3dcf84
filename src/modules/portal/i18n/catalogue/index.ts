import { ADMIN_FRENCH } from './admin';
import { BLOCKING_FRENCH } from './blocking';
import { COMMON_FRENCH } from './common';
import { COUNSEL_FRENCH } from './counsel';
import { DESK_FRENCH } from './desk';
import { LEGAL_FRENCH } from './legal';
import { OUTCOMES_FRENCH } from './outcomes';
import { SUBSCRIBER_FRENCH } from './subscriber';
import { TIMELINE_FRENCH } from './timeline';

// The portal's words in French, keyed by the English phrase as the views write it
// ({{t "…"}}) and as controllers pass it (page titles, menu labels, form and error messages):
// gettext's convention, so a view reads in English and a new phrase is one line in the file
// of its area. A phrase two areas use goes in common.ts. Each phrase lives in one file only:
// loading fails on a phrase found in two (a later file would silently replace the earlier).
// `test`: ../portal-catalogue.spec.ts fails on a phrase a view or a controller uses that is
// missing, on one nobody uses, and on English left in French.
export const CATALOGUE_PARTS = {
  common: COMMON_FRENCH,
  outcomes: OUTCOMES_FRENCH,
  counsel: COUNSEL_FRENCH,
  desk: DESK_FRENCH,
  timeline: TIMELINE_FRENCH,
  subscriber: SUBSCRIBER_FRENCH,
  legal: LEGAL_FRENCH,
  blocking: BLOCKING_FRENCH,
  admin: ADMIN_FRENCH,
} as const;

// Each phrase found in more than one part, with the parts that hold it.
export function duplicatePhrases(
  parts: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string[] {
  const seen = new Map<string, string[]>();
  for (const [part, phrases] of Object.entries(parts)) {
    for (const phrase of Object.keys(phrases))
      seen.set(phrase, [...(seen.get(phrase) ?? []), part]);
  }
  return [...seen]
    .filter(([, in_]) => in_.length > 1)
    .map(([p, in_]) => `${p} (${in_.join(', ')})`);
}

const duplicates = duplicatePhrases(CATALOGUE_PARTS);
if (duplicates.length > 0) {
  throw new Error(`portal catalogue: phrases in more than one file: ${duplicates.join('; ')}`);
}

export const FRENCH = {
  ...COMMON_FRENCH,
  ...OUTCOMES_FRENCH,
  ...COUNSEL_FRENCH,
  ...DESK_FRENCH,
  ...TIMELINE_FRENCH,
  ...SUBSCRIBER_FRENCH,
  ...LEGAL_FRENCH,
  ...BLOCKING_FRENCH,
  ...ADMIN_FRENCH,
} as const;
