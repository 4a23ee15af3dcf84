import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { englishWordsIn } from '../../../common/i18n/french-text';
import { PERSON_ROLES } from '../../../common/roles';
import { navigationFor, ROLE_LABELS } from '../navigation';
import { VIEWS_DIR } from '../portal-view.service';
import { itemCountsInWords, itemOutcome, RULE_TITLES } from '../notice-words';
import {
  FRENCH_PATTERNS,
  isPortalPhrase,
  PORTAL_CATALOGUE,
  portalPhrase,
} from './portal.catalogue';

const PORTAL_DIR = join(__dirname, '..');

// Phrases the code builds with a template literal (a chart's day count), so no plain string
// literal names them.
const BUILT_PHRASES = [
  'Notices received per day, last 14 days (UTC)',
  'Lease imports per day, last 14 days (UTC)',
];

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, ext);
    return p.endsWith(ext) ? [p] : [];
  });
}

// Every literal a view passes to {{t}} or (t …), with the file it is in.
function viewPhrases(): Array<{ file: string; phrase: string }> {
  return filesUnder(VIEWS_DIR, '.hbs').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/[{(]t\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/g)].map(
      (m) => ({ file: relative(PORTAL_DIR, file), phrase: (m[1] ?? m[2]).replace(/\\"/g, '"') }),
    ),
  );
}

// What controllers and form classes hand to pages as words: page titles, flash and error
// messages, validation messages.
function codePhrases(): Array<{ file: string; phrase: string }> {
  const files = [
    ...filesUnder(join(PORTAL_DIR, 'controllers'), '.ts'),
    ...filesUnder(join(PORTAL_DIR, 'dto'), '.ts'),
    join(PORTAL_DIR, 'portal-exception.filter.ts'),
  ].filter((f) => !f.endsWith('.spec.ts'));
  return files.flatMap((file) =>
    [
      ...readFileSync(file, 'utf8').matchAll(
        /\b(?:title|heading|notice|message|label): '((?:[^'\\]|\\.)+)'/g,
      ),
    ]
      .map((m) => m[1])
      .filter((s) => /[A-Za-z]/.test(s))
      .map((phrase) => ({ file: relative(PORTAL_DIR, file), phrase })),
  );
}

describe('portal catalogue', () => {
  const { en, fr } = PORTAL_CATALOGUE;

  it('has every phrase the views use, in English and in French', () => {
    const used = viewPhrases();
    expect(used.length).toBeGreaterThan(800);
    const missing = used
      .filter((u) => !(u.phrase in en) || !(u.phrase in fr))
      .map((u) => `${u.file}: ${u.phrase}`);
    expect(missing).toEqual([]);
  });

  it('has every menu label, role name, page title and form message the code passes', () => {
    const labels = PERSON_ROLES.flatMap((r) => navigationFor(r, '/portal').map((l) => l.label));
    const roles = Object.values(ROLE_LABELS);
    const code = codePhrases().map((c) => `${c.file}: ${c.phrase}`);
    const missing = [...labels, ...roles, ...code].filter(
      (p) => !isPortalPhrase(p.replace(/^[\w./-]+\.ts: /, '')),
    );
    expect(missing).toEqual([]);
  });

  it('holds no phrase that nothing uses', () => {
    const sources = [
      ...filesUnder(VIEWS_DIR, '.hbs'),
      ...filesUnder(PORTAL_DIR, '.ts').filter(
        (f) =>
          !f.endsWith('.spec.ts') &&
          !f.endsWith('portal.catalogue.ts') &&
          !f.includes('/i18n/catalogue/'),
      ),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      // A long phrase written as literals joined with + ('Each message … ' + 'sent again.').
      .replace(/'\s*\+\s*'/g, '');
    const unused = Object.keys(en).filter(
      (k) =>
        !BUILT_PHRASES.includes(k) &&
        !sources.includes(`"${k.replace(/"/g, '\\"')}"`) &&
        !sources.includes(`'${k}'`) &&
        !sources.includes(`'${k.replace(/'/g, "\\'")}'`),
    );
    expect(unused).toEqual([]);
  });

  it('has the same phrases in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const problems = Object.keys(en).flatMap((k) => {
      const f = fr[k as keyof typeof fr];
      if (f.trim() === '') return [`${k}: empty`];
      return names(f).join() === names(k).join() ? [] : [`${k}: placeholders differ`];
    });
    expect(problems).toEqual([]);
  });

  it('leaves no English word in a French phrase', () => {
    const english = Object.entries(fr).flatMap(([k, f]) =>
      englishWordsIn(f.replace(/\{\w+\}/g, ' ')).map((w) => `${k} → ${f}: "${w}"`),
    );
    expect(english).toEqual([]);
  });

  it('translates, fills placeholders, and shows anything else as it is', () => {
    expect(portalPhrase('fr', 'Sign out')).toBe('Se déconnecter');
    expect(portalPhrase('en', 'Sign out')).toBe('Sign out');
    expect(
      portalPhrase('fr', 'Showing {from}–{to} (page {page} of {pages})', {
        from: 1,
        to: 25,
        page: 1,
        pages: 3,
      }),
    ).toBe('Affichage 1–25 (page 1 sur 3)');
    expect(portalPhrase('fr', 'NR-1A2B3C4D5E')).toBe('NR-1A2B3C4D5E');
    // A rule's words capitalised to head a row are translated from the lower-case phrase.
    for (const title of Object.values(RULE_TITLES)) {
      const heading = title.charAt(0).toUpperCase() + title.slice(1);
      const french = portalPhrase('fr', title);
      expect(portalPhrase('fr', heading)).toBe(french.charAt(0).toUpperCase() + french.slice(1));
    }
    expect(portalPhrase('fr', 'The time must be to the second with an explicit zone')).toBe(
      'L’heure doit être à la seconde avec un fuseau explicite',
    );
  });

  it('reads sentences the view models build back into French, parts and times included', () => {
    expect(portalPhrase('fr', itemCountsInWords({ not_forwarded: 3, queued: 1 }))).toBe(
      '3 non transmis, 1 en file',
    );
    const refused = itemOutcome({
      status: 'refused',
      reasonCode: 'timestamp_zone',
      reason: null,
      expectedAt: null,
      forwardedAt: null,
    });
    expect(portalPhrase('fr', refused.explanation)).toBe(
      'Refusé par la règle « l’heure doit être à la seconde avec un fuseau explicite ».',
    );
    const forwarded = itemOutcome({
      status: 'forwarded',
      reasonCode: null,
      reason: null,
      expectedAt: null,
      forwardedAt: '2026-12-07T17:54:45.000Z',
    });
    expect(portalPhrase('fr', forwarded.explanation)).toBe(
      'Transmis à l’abonné le 07/12/2026 17:54:45 UTC.',
    );
    expect(portalPhrase('fr', `Refused: ${RULE_TITLES.no_items}`)).toBe(
      'Refusé : la notification ne listait aucun élément',
    );
    expect(portalPhrase('fr', 'Notice NR-1A2B3C4D5E')).toBe('Notification NR-1A2B3C4D5E');
    expect(portalPhrase('fr', 'Administrator dashboard')).toBe('Tableau de bord : Administrateur');
    expect(portalPhrase('fr', 'Notice of Zq3')).toBe('Notice of Zq3');
    // Data that only looks like a pattern's start is left alone.
    expect(portalPhrase('fr', 'Refused: Zq1')).toBe('Refusé : Zq1');
    expect(portalPhrase('fr', 'role: legal; by: Zq2')).toBe('role: legal; by: Zq2');
  });

  it('writes each built sentence in French with the same parts', () => {
    const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [en, fr] of Object.entries(FRENCH_PATTERNS)) {
      expect([en, names(fr)]).toEqual([en, names(en)]);
      expect([en, englishWordsIn(fr.replace(/\{\w+\}/g, ' '))]).toEqual([en, []]);
    }
  });
});
