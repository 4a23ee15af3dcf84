import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHALLENGE_PAGE_CATALOGUE } from '../../modules/messaging/challenges/challenge-page.catalogue';
import { PORTAL_CATALOGUE } from '../../modules/portal/i18n/portal.catalogue';
import { sampleContext } from '../../modules/messaging/rendering/sample-context';
import { TemplateRenderer } from '../../modules/messaging/rendering/template-renderer';
import { englishWordsIn, sharedSentences } from './french-text';
import { CatalogueSet } from './translator';

const ROOT = join(__dirname, '../../..');
const TEMPLATES = join(ROOT, 'templates');
const renderer = new TemplateRenderer(TEMPLATES);

// Every catalogue of strings people read in two languages.
const CATALOGUES: Array<CatalogueSet<string>> = [CHALLENGE_PAGE_CATALOGUE, PORTAL_CATALOGUE];

const REQUIREMENT_ID = /\([A-Z]{2}-\d+(?:,\s*[A-Z]{2}-\d+)*\)/;
// A stored token shown in brackets, literally or straight from a field ("({{n.channel}})").
const INTERNAL_TOKEN =
  /\((?:api|json|xml|csv|email|portal|paper|acns|xarf4|xarf02|text)\)|\(\{\{[^}]*(?:channel|format|kind)\}\}\)/;

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, ext);
    return p.endsWith(ext) ? [p] : [];
  });
}

// String literals of a TypeScript file, comments left out.
function literals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/g)].map(
    (m) => m[0],
  );
}

// Sample data whose free text is replaced by a neutral token, so what is checked is the
// template's own wording; codes the templates branch on, times and links are kept.
function neutral(v: unknown, n = { i: 0 }): unknown {
  if (Array.isArray(v)) return v.map((x) => neutral(x, n));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, neutral(x, n)]));
  }
  if (typeof v !== 'string') return v;
  if (/^[a-z][a-zA-Z]*$/.test(v) || /^\d{4}-\d\d-\d\dT/.test(v)) return v;
  return /^https?:/.test(v) ? `https://zq${++n.i}.invalid/` : `Zq${++n.i}`;
}

function variantsIn(language: string) {
  return renderer
    .listTemplates()
    .filter((v) => v.language === language)
    .flatMap((v) =>
      (v.template === 'warning' ? renderer.stagesOf(v) : [null]).map((stage) => ({ ...v, stage })),
    );
}

function render(v: { template: string; regime: string; language: string; stage: number | null }) {
  const out = renderer.render({
    ...v,
    context: neutral(sampleContext(v.template, v.stage ?? 1)) as Record<string, unknown>,
  });
  const html = out.html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
  return `${out.subject}\n${out.text}\n${html}`;
}

describe('text people read', () => {
  it('names no requirement id and shows no bracketed internal token in views and templates', () => {
    const files = [
      ...filesUnder(TEMPLATES, '.hbs'),
      ...filesUnder(join(ROOT, 'src/modules/portal/views'), '.hbs'),
      ...filesUnder(join(ROOT, 'src/modules/messaging/challenges/views'), '.hbs'),
    ];
    expect(files.length).toBeGreaterThan(60);
    const found = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [REQUIREMENT_ID, INTERNAL_TOKEN]
        .map((re) => re.exec(text))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${relative(ROOT, f)}: ${m[0]}`);
    });
    expect(found).toEqual([]);
  });

  it('names no requirement id in any string of the service (pages, errors, CLI help)', () => {
    const files = filesUnder(join(ROOT, 'src'), '.ts').filter(
      (f) => !f.endsWith('.spec.ts') && !f.includes('/database/migrations/'),
    );
    const found = files.flatMap((f) =>
      literals(readFileSync(f, 'utf8'))
        .filter((s) => REQUIREMENT_ID.test(s))
        .map((s) => `${relative(ROOT, f)}: ${s.slice(0, 80)}`),
    );
    expect(found).toEqual([]);
  });

  it('renders every message variant in words, in every language', () => {
    const found = [...variantsIn('en'), ...variantsIn('fr')].flatMap((v) => {
      const text = render(v);
      return [REQUIREMENT_ID, INTERNAL_TOKEN]
        .filter((re) => re.test(text))
        .map(
          (re) => `${v.template}/${v.regime}/${v.language} stage ${v.stage}: ${re.exec(text)![0]}`,
        );
    });
    expect(found).toEqual([]);
  });

  it('keeps every catalogue string free of requirement ids and tokens', () => {
    for (const c of CATALOGUES) {
      for (const lang of ['en', 'fr'] as const) {
        for (const [key, text] of Object.entries(c[lang])) {
          expect([key, REQUIREMENT_ID.test(text) || INTERNAL_TOKEN.test(text)]).toEqual([
            key,
            false,
          ]);
        }
      }
    }
  });
});

describe('French is French', () => {
  it('leaves no English in any French message variant, compared with its English one', () => {
    const french = variantsIn('fr');
    // Every template has its French variants: warnings per regime and stage, disclosure
    // notices, challenge decisions.
    expect(new Set(french.map((v) => v.template))).toEqual(
      new Set(['warning', 'disclosure-notice', 'challenge-decision']),
    );
    const problems = french.flatMap((v) => {
      const fr = render(v);
      const en = render({ ...v, language: 'en' });
      const where = `${v.template}/${v.regime}/fr stage ${v.stage}`;
      return [
        ...englishWordsIn(fr).map((w) => `${where}: English word "${w}"`),
        ...sharedSentences(fr, en).map((s) => `${where}: sentence left in English "${s}"`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('finds English in a French text that has it (the check can fail)', () => {
    const ca = 'Comment s’opposer : You may file a motion to quash before the window ends.';
    expect(englishWordsIn(ca)).toEqual(expect.arrayContaining(['you', 'the', 'before']));
    expect(
      sharedSentences(
        'Nous n’avons rien communiqué. We have not disclosed anything yet.',
        'We have not disclosed anything yet.',
      ),
    ).toEqual(['we have not disclosed anything yet']);
  });

  it('writes every French catalogue string in French', () => {
    for (const c of CATALOGUES) {
      const problems = Object.entries(c.fr).flatMap(([key, fr]) => [
        // `{from}`-style placeholders are names, not words of the text.
        ...englishWordsIn(fr.replace(/\{\w+\}/g, ' ')).map(
          (w) => `${c.name} ${key}: English word "${w}"`,
        ),
        ...sharedSentences(fr, c.en[key]).map((s) => `${c.name} ${key}: same as English "${s}"`),
      ]);
      expect(problems).toEqual([]);
      expect(Object.keys(c.fr).sort()).toEqual(Object.keys(c.en).sort());
    }
  });
});
