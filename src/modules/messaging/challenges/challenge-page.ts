import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, languageOf, translator, Translate } from '../../../common/i18n/translator';
import { CHALLENGE_PAGE_CATALOGUE, ChallengePageKey } from './challenge-page.catalogue';
import { CHALLENGE_GROUNDS, ChallengeFormProblem, ChallengeTarget } from './challenge.service';

export const CHALLENGE_VIEWS_DIR = join(__dirname, 'views');

// The subscriber's own zone is not on file: the regime's zone stands for it, named on the
// page beside the UTC time, so nobody has to guess which clock a time is on.
const REGIME_ZONES: Record<string, string> = {
  fr: 'Europe/Paris',
  ca: 'America/Toronto',
  us: 'America/New_York',
  generic: 'UTC',
};

export function zoneOf(regime: string): string {
  return REGIME_ZONES[regime] ?? 'UTC';
}

// The language of the page: the one asked for (the switch), else the one the warning was
// written in, else the regime's (French in France), else English.
export function pageLanguage(
  asked: unknown,
  target: { language: string | null; regime: string } | null,
): Language {
  if (asked === 'en' || asked === 'fr') return asked;
  if (target?.language) return languageOf(target.language);
  return target?.regime === 'fr' ? 'fr' : 'en';
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

interface FormInput {
  action: string;
  problems?: ChallengeFormProblem[];
  values?: { ground?: unknown; statement?: unknown };
}

// Server-rendered pages in the provider's own layout: no script, every control labelled,
// errors linked to their fields. They show the notice's work, time, address and port, never
// the sender's people or anything about the subscriber.
export class ChallengePages {
  private readonly hbs = Handlebars.create();
  private readonly views = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly isp: string) {
    const partials = join(CHALLENGE_VIEWS_DIR, 'partials');
    for (const f of readdirSync(partials).filter((n) => n.endsWith('.hbs'))) {
      this.hbs.registerPartial(f.replace(/\.hbs$/, ''), readFileSync(join(partials, f), 'utf8'));
    }
    for (const f of readdirSync(CHALLENGE_VIEWS_DIR).filter((n) => n.endsWith('.hbs'))) {
      const source = readFileSync(join(CHALLENGE_VIEWS_DIR, f), 'utf8');
      this.views.set(f.replace(/\.hbs$/, ''), this.hbs.compile(source, { strict: false }));
    }
  }

  form(lang: Language, target: ChallengeTarget, input: FormInput): string {
    const t = translator(CHALLENGE_PAGE_CATALOGUE, lang);
    const zone = zoneOf(target.regime);
    const problems = (input.problems ?? []).map((p) => ({
      field: p.field,
      message: t(p.field === 'ground' ? 'errorGround' : 'errorStatement'),
    }));
    const errorFor = (f: string) => problems.find((p) => p.field === f)?.message ?? null;
    return this.page(lang, 'form', {
      title: t('formTitle'),
      action: input.action,
      problems,
      groundError: errorFor('ground'),
      statementError: errorFor('statement'),
      statement: typeof input.values?.statement === 'string' ? input.values.statement : '',
      grounds: CHALLENGE_GROUNDS.map((g, i) => ({
        id: i === 0 ? 'ground' : `ground-${g}`,
        value: g,
        label: t(`ground_${g}`),
        checked: input.values?.ground === g,
      })),
      deadline: t('deadline', { date: when(target.expiresAt, zone, lang, t) }),
      notices: noticesView(target, lang, t),
    });
  }

  // After a challenge is received, and on every later visit: its reference, status and what
  // happens next, by when.
  status(lang: Language, target: ChallengeTarget, justReceived: boolean): string {
    const t = translator(CHALLENGE_PAGE_CATALOGUE, lang);
    const c = target.challenge;
    if (!c) throw new Error('no challenge to show');
    const zone = zoneOf(target.regime);
    const code = c.status === 'upheld' || c.status === 'rejected' ? c.status : 'open';
    const next =
      code === 'open'
        ? t('nextOpen', {
            date: when(target.decideBy ?? c.createdAt, zone, lang, t),
            reference: c.reference,
          })
        : t(code === 'upheld' ? 'nextUpheld' : 'nextRejected', {
            date: when(c.decidedAt ?? c.createdAt, zone, lang, t),
            reference: c.reference,
          });
    return this.page(lang, 'status', {
      title: justReceived ? t('receivedTitle') : t('statusTitle'),
      lead: justReceived ? t('receivedLead') : t('alreadyLead'),
      reference: c.reference,
      receivedOn: when(c.createdAt, zone, lang, t),
      status: t(`status_${code}`),
      statusCode: code,
      next,
      notices: noticesView(target, lang, t),
    });
  }

  error(lang: Language, reason: 'invalid' | 'expired' | 'rate_limited', retryAfter = 0): string {
    const t = translator(CHALLENGE_PAGE_CATALOGUE, lang);
    const key =
      reason === 'expired' ? 'linkExpired' : reason === 'rate_limited' ? 'tooOften' : 'linkInvalid';
    return this.page(lang, 'error', {
      title: t('linkTitle'),
      message: t(key, { seconds: String(retryAfter) }),
    });
  }

  private page(lang: Language, view: string, ctx: Record<string, unknown>): string {
    const data = {
      ...ctx,
      lang,
      isp: this.isp,
      t: CHALLENGE_PAGE_CATALOGUE[lang],
      languages: (['en', 'fr'] as const).map((code) => ({
        code,
        label: LANGUAGE_NAMES[code],
        href: `?lang=${code}`,
        current: code === lang,
      })),
    };
    const render = (name: string, d: Record<string, unknown>) => {
      const v = this.views.get(name);
      if (!v) throw new Error(`No challenge view ${name}`);
      return v(d, { allowProtoPropertiesByDefault: false });
    };
    return render('layout', { ...data, body: render(view, data) });
  }
}

function noticesView(target: ChallengeTarget, lang: Language, t: Translate<ChallengePageKey>) {
  const zone = zoneOf(target.regime);
  const byNotice = new Map<string, ChallengeTarget['items']>();
  for (const i of target.items) {
    const list = byNotice.get(i.noticeReference) ?? [];
    list.push(i);
    byNotice.set(i.noticeReference, list);
  }
  return [...byNotice.entries()].map(([reference, items]) => ({
    reference,
    heading: t('noticeHeading', { reference }),
    many: items.length > 1,
    items: items.map((i) => ({
      // Numbered as on the sender's receipt (stored from 0, people count from 1).
      heading: t('itemHeading', { number: i.position + 1 }),
      facts: [
        { label: t('work'), value: i.title ?? t('notGiven'), testid: 'work' },
        ...(i.fileName ? [{ label: t('file'), value: i.fileName }] : []),
        {
          label: t('localTime', { zone: zoneName(zone, lang, t) }),
          value: i.observedAt ? when(i.observedAt, zone, lang, t, false) : t('notGiven'),
          testid: 'local-time',
        },
        {
          label: t('utcTime'),
          value: i.observedAt ? when(i.observedAt, 'UTC', lang, t, false) : t('notGiven'),
          testid: 'utc-time',
        },
        { label: t('address'), value: i.ip ?? t('notGiven'), testid: 'address' },
        {
          label: t('port'),
          value: i.port === null ? t('notGiven') : String(i.port),
          testid: 'port',
        },
      ],
    })),
  }));
}

function zoneName(zone: string, lang: Language, t: Translate<ChallengePageKey>): string {
  const key = `zone_${zone}` as ChallengePageKey;
  const name = key in CHALLENGE_PAGE_CATALOGUE.en ? t(key) : zone;
  void lang;
  return name;
}

// "4 October 2026 at 23:13:07 (Paris time, UTC+02:00)" / "4 octobre 2026 à 23:13:07 (…)".
export function when(
  d: Date,
  zone: string,
  lang: Language,
  t: Translate<ChallengePageKey>,
  named = true,
): string {
  const dt = DateTime.fromJSDate(d, { zone }).setLocale(lang);
  const text = dt.toFormat(
    lang === 'fr' ? "d LLLL yyyy 'à' HH:mm:ss" : "d LLLL yyyy 'at' HH:mm:ss",
  );
  if (zone === 'UTC') return `${text} UTC`;
  const offset = `UTC${dt.toFormat('ZZ')}`;
  return named ? `${text} (${zoneName(zone, lang, t)}, ${offset})` : `${text} (${offset})`;
}
