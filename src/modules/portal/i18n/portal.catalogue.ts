import { CatalogueSet, fill, Language } from '../../../common/i18n/translator';
import { FRENCH } from './catalogue';
import { FRENCH_PATTERNS } from './catalogue/patterns';
import { formatUtcIn } from './portal-format';

// The phrases themselves are in ./catalogue/, one file per area of the portal.
export type PortalPhrase = keyof typeof FRENCH;

export { FRENCH_PATTERNS };

// Stored codes some pages show as they are (a status, a proposed action, a role): in French
// they are put in words; in English the code itself is shown, as before.
export const FRENCH_CODES: Readonly<Record<string, string>> = {
  pending: 'en attente',
  open: 'ouverte',
  upheld: 'accueillie',
  rejected: 'rejetée',
  approved: 'approuvée',
  declined: 'déclinée',
  decided: 'décidée',
  withdrawn: 'retirée',
  submitted: 'soumise',
  confirmed: 'confirmée',
  expired: 'expirée',
  not_a_mirror: 'pas un miroir',
  shared_infrastructure: 'infrastructure partagée',
  other: 'autre',
  active: 'active',
  held: 'en attente',
  queued: 'en file',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  failed: 'en échec',
  dead: 'en échec définitif',
  cancelled: 'annulé',
  running: 'en cours',
  completed: 'terminé',
  done: 'fait',
  forwarded: 'transmis',
  not_forwarded: 'non transmis',
  attributed: 'rapproché',
  accepted: 'acceptée',
  refused: 'refusée',
  duplicate: 'doublon',
  suspension: 'suspension',
  termination: 'résiliation',
  warning: 'avertissement',
  legal: 'juridique',
  admin: 'administrateur',
  abuse_desk: 'service abus',
  complainant: 'représentant',
  rights_holder: 'ayant droit',
  vendor: 'prestataire',
  law_firm: 'cabinet d’avocats',
};

export function codeInWords(lang: Language, code: string): string {
  return lang === 'fr' ? (FRENCH_CODES[code] ?? code) : code;
}

// Item counts in words ("3 not forwarded, 1 queued", notice-words.ts itemCountsInWords).
const FRENCH_COUNTED: Readonly<Record<string, string>> = {
  forwarded: 'transmis',
  'not forwarded': 'non transmis',
  matched: 'rapprochés',
  accepted: 'acceptés',
  queued: 'en file',
  'waiting for the desk': 'en attente du service',
  refused: 'refusés',
  duplicate: 'doublons',
};

const REF = '([A-Z]{2,4}-[A-Z0-9-]+|[0-9a-f]{8}(?:-[0-9a-f-]+)?)';

const PATTERNS = Object.entries(FRENCH_PATTERNS).map(([en, fr]) => {
  const names = [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const source = en
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    // A `{ref}` is a reference (NR-…, SUB-…, an id), so data is not read as a page title.
    .map((part, i) => (i === 0 ? part : `${names[i - 1] === 'ref' ? REF : '(.+?)'}${part}`))
    .join('');
  return { names, re: new RegExp(`^${source}$`), fr };
});

const UTC_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/;

// A part of a built sentence in French: a phrase, a UTC time, a count list, or as it is.
function frenchPart(text: string, depth: number): string {
  if (isPortalPhrase(text)) return FRENCH[text];
  const time = UTC_TIME.exec(text);
  if (time) return formatUtcIn('fr', `${time[1]}T${time[2]}Z`);
  if (depth > 2) return text;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) {
      const params = Object.fromEntries(
        p.names.map((n, i) => [n, frenchPart(m[i + 1], depth + 1)]),
      );
      return fill(p.fr, params);
    }
  }
  const counts = text.split(', ').map((c) => /^(\d+) (.+)$/.exec(c));
  if (counts.every((c) => c !== null && c[2] in FRENCH_COUNTED)) {
    return counts.map((c) => `${c![1]} ${FRENCH_COUNTED[c![2]]}`).join(', ');
  }
  if (text === 'no items') return 'aucun élément';
  // A phrase capitalised to start a line (a rule's words heading a table row): the catalogue's
  // lower-case phrase, capitalised the same way.
  const lower = text.charAt(0).toLowerCase() + text.slice(1);
  if (lower !== text && isPortalPhrase(lower)) {
    const french = FRENCH[lower];
    return french.charAt(0).toUpperCase() + french.slice(1);
  }
  return text;
}

const ENGLISH = Object.fromEntries(Object.keys(FRENCH).map((k) => [k, k])) as Record<
  PortalPhrase,
  string
>;

export const PORTAL_CATALOGUE: CatalogueSet<PortalPhrase> = {
  name: 'portal pages',
  en: ENGLISH,
  fr: FRENCH,
};

export function isPortalPhrase(text: string): text is PortalPhrase {
  return Object.prototype.hasOwnProperty.call(FRENCH, text);
}

// A phrase in the page's language; text that is not a phrase (data, a reference) as it is.
export function portalPhrase(
  lang: Language,
  text: string,
  params?: Readonly<Record<string, string | number>>,
): string {
  if (lang !== 'fr') return fill(text, params);
  return fill(frenchPart(text, 0), params);
}

// A built sentence (a phrase with `{name}` parts) in a language, each part in it too.
export function phraseWithParts(
  lang: Language,
  phrase: string,
  params: Readonly<Record<string, unknown>>,
): string {
  const parts = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' ? portalPhrase(lang, v) : typeof v === 'number' ? v : '',
    ]),
  );
  return portalPhrase(lang, phrase, parts);
}
