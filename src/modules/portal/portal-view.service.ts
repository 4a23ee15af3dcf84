import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { AccountsService } from '../accounts/accounts.service';
import { Principal } from '../auth/principal';
import { Language } from '../../common/i18n/translator';
import { codeInWords, phraseWithParts, portalPhrase } from './i18n/portal.catalogue';
import { formatDayIn, formatNumberIn, formatUtcIn } from './i18n/portal-format';
import { LANGUAGE_NAMES, languageOf, languageReturnPath } from './i18n/portal-language';
import { deliveryProblem } from './delivery-words';
import { navigationFor, ROLE_LABELS } from './navigation';
import { PortalCsrfService } from './portal-csrf.service';
import type { PageContexts } from './presenters/page-contexts';

export const VIEWS_DIR = join(__dirname, 'views');

export interface PageContext {
  title: string;
  [key: string]: unknown;
}

// A view listed in PageContexts takes exactly its context type; any other view a PageContext.
export type ContextOf<V extends string> = V extends keyof PageContexts
  ? PageContexts[V]
  : PageContext;

// Times at the edge, in UTC with the zone named (STYLE.md "Data").
export function formatUtc(value: unknown): string {
  return formatUtcIn('en', value);
}

// The page's language, put in every render's data by send() and read by the helpers.
function langOf(options: unknown): Language {
  const data = (options as { data?: { lang?: unknown } } | undefined)?.data;
  return data?.lang === 'fr' ? 'fr' : 'en';
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function translateMarkup(lang: Language, markup: string): string {
  if (lang === 'en') return markup;
  const say = (raw: string): string => {
    const text = raw.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
    const counted = /^(.+?): ([\d,.\s]+)$/.exec(text);
    if (counted) {
      const phrase = portalPhrase(lang, counted[1]);
      return phrase === counted[1] ? raw : escapeHtml(`${phrase} : ${counted[2]}`);
    }
    const phrase = portalPhrase(lang, text);
    return phrase === text ? raw : escapeHtml(phrase);
  };
  return (
    markup
      // A chart's axis day (charts.ts) in the page's locale.
      .replace(
        /( data-day="(\d{4}-\d\d-\d\d)">)[^<]*</g,
        (_, open: string, day: string) => `${open}${escapeHtml(formatDayIn(lang, day))}<`,
      )
      .replace(/>([^<>]*[A-Za-z][^<>]*)</g, (_, t: string) => `>${say(t)}<`)
      .replace(/aria-label="([^"]*)"/g, (_, t: string) => `aria-label="${say(t)}"`)
  );
}

// A helper's last argument is Handlebars' options; the ones before it are the call's values.
interface HelperOptions {
  hash?: Record<string, unknown>;
  data?: { lang?: unknown };
}

// Stored tokens in words, for pages: how a notice or request came in, and in what form.
const CHANNEL_WORDS: Record<string, string> = {
  api: 'through the API',
  email: 'by e-mail',
  portal: 'through the portal',
  paper: 'on paper',
};
const FORMAT_WORDS: Record<string, string> = {
  acns: 'ACNS XML notice',
  xarf4: 'X-ARF version 4 report',
  xarf02: 'X-ARF 0.2 report',
  json: 'notice form or JSON notice',
  text: 'notice in plain text',
};

export function channelWords(v: unknown): string {
  return typeof v === 'string' ? (CHANNEL_WORDS[v] ?? v) : '';
}

export function formatWords(v: unknown): string {
  return typeof v === 'string' ? (FORMAT_WORDS[v] ?? v) : '';
}

// Server-rendered pages: one isolated Handlebars instance (HTML escaping on, no prototype
// access), templates compiled once at start, every page wrapped in the shared layout.
@Injectable()
export class PortalViewService {
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, HandlebarsTemplateDelegate>();
  private readonly layout: HandlebarsTemplateDelegate;

  constructor(
    private readonly csrf: PortalCsrfService,
    private readonly accounts: AccountsService,
  ) {
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // {{t "English phrase" name=value}}: the phrase in the page's language from the portal
    // catalogue, `{name}` placeholders filled from the hash. A value that is not a catalogue
    // phrase (data, a reference) is shown as it is.
    this.hbs.registerHelper('t', (text: unknown, options: HelperOptions) => {
      if (typeof text === 'number') return formatNumberIn(langOf(options), text);
      if (typeof text !== 'string') return '';
      const params = Object.fromEntries(
        Object.entries(options?.hash ?? {}).map(([k, v]) => [
          k,
          typeof v === 'number'
            ? formatNumberIn(langOf(options), v)
            : typeof v === 'string'
              ? portalPhrase(langOf(options), v)
              : '',
        ]),
      );
      return portalPhrase(langOf(options), text, params);
    });
    // {{tWith phrase params}}: a sentence built with parts (timeline-view.ts), each part in the
    // page's language too (a phrase, a UTC time, a reference or a number as it is).
    this.hbs.registerHelper('tWith', (phrase: unknown, params: unknown, options: HelperOptions) =>
      typeof phrase === 'string'
        ? phraseWithParts(langOf(options), phrase, (params ?? {}) as Record<string, unknown>)
        : '',
    );
    // {{codeWords status}}: a stored code where a page shows it as it is, in words in French.
    this.hbs.registerHelper('codeWords', (v: unknown, options: HelperOptions) =>
      typeof v === 'string' ? codeInWords(langOf(options), v) : '',
    );
    this.hbs.registerHelper('utc', (v: unknown, options: HelperOptions) =>
      formatUtcIn(langOf(options), v),
    );
    this.hbs.registerHelper('channelWords', (v: unknown, options: HelperOptions) =>
      portalPhrase(langOf(options), channelWords(v)),
    );
    this.hbs.registerHelper('formatWords', (v: unknown, options: HelperOptions) =>
      portalPhrase(langOf(options), formatWords(v)),
    );
    // Markup the server built (charts.ts SVG) with its words in the page's language: each
    // text node that is a catalogue phrase, or a phrase and a count ("Forwarded: 2").
    this.hbs.registerHelper('tMarkup', (markup: unknown, options: HelperOptions) =>
      typeof markup === 'string'
        ? new Handlebars.SafeString(translateMarkup(langOf(options), markup))
        : '',
    );
    this.hbs.registerHelper('deliveryProblem', (v: unknown) => deliveryProblem(v));
    // Item positions are stored from 0; people count rows from 1, as the receipt does.
    this.hbs.registerHelper('rowNumber', (v: unknown) =>
      typeof v === 'number' ? String(v + 1) : '',
    );
    this.hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));
    this.hbs.registerHelper('number', (v: unknown, options: HelperOptions) =>
      formatNumberIn(langOf(options), v),
    );
    const partials = join(VIEWS_DIR, 'partials');
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      this.hbs.registerPartial(
        file.replace(/\.hbs$/, ''),
        readFileSync(join(partials, file), 'utf8'),
      );
    }
    for (const file of readdirSync(VIEWS_DIR).filter((f) => f.endsWith('.hbs'))) {
      const source = readFileSync(join(VIEWS_DIR, file), 'utf8');
      // strict: a field the view reads but the context lacks throws instead of printing
      // nothing (contexts give null/false for what is absent). Partials inherit it.
      this.templates.set(file.replace(/\.hbs$/, ''), this.hbs.compile(source, { strict: true }));
    }
    this.layout = this.template('layout');
  }

  // Renders a page in the layout and sends it; the navigation follows the principal's role.
  async send<V extends string>(
    req: Request & { principal?: Principal },
    res: Response,
    view: V,
    ctx: ContextOf<V>,
    status = 200,
  ): Promise<void> {
    const principal = req.principal;
    const csrfToken = this.csrf.token(req, res);
    const lang = languageOf(res);
    const say = (text: string) => portalPhrase(lang, text);
    let user: { name: string; role: string } | null = null;
    if (principal?.userId) {
      const found = await this.accounts.getUser(principal.userId).catch(() => null);
      if (found) user = { name: found.displayName, role: say(ROLE_LABELS[principal.role]) };
    }
    const path = req.path.replace(/\/+$/, '') || '/';
    const other: Language = lang === 'fr' ? 'en' : 'fr';
    // Back to the same page after switching; a form's answer goes back to the form's page. A
    // refusal (4xx, 5xx) goes back to its path without the query: the page repeats nothing of
    // what was asked (a reference typed into an identity URL by someone refused it).
    const back = languageReturnPath(req.method === 'GET' && status < 400 ? req.originalUrl : path);
    const data = {
      ...ctx,
      // Controllers name pages in English; the catalogue gives the page's language.
      title: say(ctx.title),
      csrfToken,
      user,
      lang,
      languageSwitch: {
        lang: other,
        label: LANGUAGE_NAMES[other],
        href: `/portal/language/${other}?next=${encodeURIComponent(back)}`,
      },
      nav: principal
        ? navigationFor(principal.role, path).map((l) => ({ ...l, label: say(l.label) }))
        : [],
    };
    const options = { allowProtoPropertiesByDefault: false, data: { lang } };
    const body = this.template(view)(data, options);
    const html = this.layout({ ...data, body }, options);
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(html);
  }

  private template(name: string): HandlebarsTemplateDelegate {
    const t = this.templates.get(name);
    if (!t) throw new Error(`No portal view ${name}`);
    return t;
  }
}
