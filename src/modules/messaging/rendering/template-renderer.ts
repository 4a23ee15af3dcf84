import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessagingError, MessagingErrorCode } from '../messaging.errors';

export type Format = 'text' | 'html';

export interface RenderRequest {
  template: string;
  regime: string;
  language: string;
  // Stage partial (warnings); other templates have none.
  stage?: number | null;
  context: Record<string, unknown>;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  // What was actually used after fallbacks (regime -> generic, language -> en).
  regime: string;
  language: string;
}

const NAME = /^[a-z0-9-]+$/;

type KnownHelpers = Record<string, boolean>;

// Isolated, strict Handlebars (STYLE.md): one instance per format, never the global one.
// `strict` makes a missing variable an error instead of an empty gap; the HTML instance
// escapes every {{value}}, the text instance does not (a text part shows "&" as "&").
export class TemplateRenderer {
  private readonly hb: Record<Format, typeof Handlebars>;
  // Compiled templates, resolved fallbacks and partial sets, each worked out once: the files
  // are read at the first render, never per message.
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();
  private readonly resolved = new Map<string, { regime: string; language: string }>();
  private readonly partialSets = new Map<string, Record<string, Handlebars.TemplateDelegate>>();
  // Our helpers, declared to the compiler: it then calls them directly instead of checking at
  // every use whether the name is a helper or a value (renders about twice as fast, warm).
  private readonly knownHelpers = {} as Record<Format, KnownHelpers>;

  constructor(private readonly dir: string) {
    this.hb = {
      html: Handlebars.create(),
      text: Handlebars.create(),
    };
    for (const [format, hb] of Object.entries(this.hb) as Array<[Format, typeof Handlebars]>) {
      const builtIn = new Set(Object.keys(hb.helpers));
      registerHelpers(hb, format);
      this.knownHelpers[format] = Object.fromEntries(
        Object.keys(hb.helpers)
          .filter((h) => !builtIn.has(h))
          .map((h) => [h, true]),
      );
    }
  }

  // Names the template variants on disk, for the preview command and tests.
  listTemplates(): Array<{ template: string; regime: string; language: string }> {
    const out: Array<{ template: string; regime: string; language: string }> = [];
    for (const template of readdirSync(this.dir, { withFileTypes: true })) {
      if (!template.isDirectory() || ['layouts', 'partials'].includes(template.name)) continue;
      for (const regime of readdirSync(join(this.dir, template.name))) {
        for (const language of readdirSync(join(this.dir, template.name, regime))) {
          out.push({ template: template.name, regime, language });
        }
      }
    }
    return out.sort((a, b) =>
      `${a.template}/${a.regime}/${a.language}`.localeCompare(
        `${b.template}/${b.regime}/${b.language}`,
      ),
    );
  }

  // The stage numbers a template variant has on disk (stage-N.hbs), ascending.
  stagesOf(v: { template: string; regime: string; language: string }): number[] {
    const dir = join(this.dir, v.template, v.regime, v.language);
    return (existsSync(dir) ? readdirSync(dir) : [])
      .map((f) => /^stage-(\d+)\.hbs$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  render(req: RenderRequest): RenderedMessage {
    for (const [field, value] of [
      ['template', req.template],
      ['regime', req.regime],
      ['language', req.language],
    ]) {
      if (!NAME.test(value)) {
        throw new MessagingError(MessagingErrorCode.TemplateUnknown, 'invalid', `bad ${field}`, [
          { field, message: 'letters, digits and "-" only' },
        ]);
      }
    }
    const { regime, language } = this.resolve(req.template, req.regime, req.language);
    const base = join(req.template, regime, language);
    const data = { ...req.context, language, regime };
    try {
      const subject = this.compile('text', join(base, 'subject.hbs'))(data).trim();
      const parts = {} as Record<Format, string>;
      for (const format of ['text', 'html'] as const) {
        const partials = this.partials(format, language, base, req.stage ?? null);
        const body = this.compile(format, join(base, 'body.hbs'))(data, { partials });
        const content = format === 'html' ? paragraphs(body) : tidyText(body);
        parts[format] = this.compile(format, join('layouts', `message.${format}.hbs`))(
          { ...data, subject, content },
          { partials },
        );
      }
      return { subject, text: parts.text, html: parts.html, regime, language };
    } catch (e) {
      if (e instanceof MessagingError) throw e;
      // Handlebars names the missing variable; the message holds template text, never data.
      throw new MessagingError(
        MessagingErrorCode.TemplateRenderFailed,
        'invalid',
        `template ${base} failed: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  }

  private resolve(template: string, regime: string, language: string) {
    const key = `${template}/${regime}/${language}`;
    let found = this.resolved.get(key);
    if (!found) {
      found = this.resolveOnDisk(template, regime, language);
      this.resolved.set(key, found);
    }
    return found;
  }

  private resolveOnDisk(template: string, regime: string, language: string) {
    if (!existsSync(join(this.dir, template))) {
      throw new MessagingError(
        MessagingErrorCode.TemplateUnknown,
        'not_found',
        `no template ${template}`,
        [{ field: 'template', message: 'unknown template' }],
      );
    }
    for (const r of [regime, 'generic']) {
      for (const l of [language, 'en']) {
        if (existsSync(join(this.dir, template, r, l, 'body.hbs'))) {
          return { regime: r, language: l };
        }
      }
    }
    throw new MessagingError(
      MessagingErrorCode.TemplateUnknown,
      'not_found',
      `no ${template} template for ${regime}/${language} nor generic/en`,
    );
  }

  private partials(
    format: Format,
    language: string,
    base: string,
    stage: number | null,
  ): Record<string, Handlebars.TemplateDelegate> {
    const key = `${format}:${language}:${base}:${stage}`;
    let set = this.partialSets.get(key);
    if (!set) {
      set = this.partialsOnDisk(format, language, base, stage);
      this.partialSets.set(key, set);
    }
    return set;
  }

  private partialsOnDisk(
    format: Format,
    language: string,
    base: string,
    stage: number | null,
  ): Record<string, Handlebars.TemplateDelegate> {
    const out: Record<string, Handlebars.TemplateDelegate> = {};
    const dir = join(this.dir, 'partials', language);
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      const m = /^([a-z0-9-]+)(?:\.(text|html))?\.hbs$/.exec(file);
      if (!m || (m[2] && m[2] !== format)) continue;
      out[m[1]] = this.compile(format, join('partials', language, file));
    }
    if (stage !== null) {
      const file = join(base, `stage-${stage}.hbs`);
      if (!existsSync(join(this.dir, file))) {
        throw new MessagingError(
          MessagingErrorCode.TemplateUnknown,
          'not_found',
          `no stage ${stage} in ${base}`,
          [{ field: 'stage', message: 'this regime has no such stage' }],
        );
      }
      out.stage = this.compile(format, file);
    }
    return out;
  }

  private compile(format: Format, file: string): Handlebars.TemplateDelegate {
    const key = `${format}:${file}`;
    let t = this.cache.get(key);
    if (!t) {
      const source = readFileSync(join(this.dir, file), 'utf8');
      t = this.hb[format].compile(source, {
        strict: true,
        noEscape: format === 'text',
        knownHelpers: this.knownHelpers[format],
      });
      this.cache.set(key, t);
    }
    return t;
  }
}

function registerHelpers(hb: typeof Handlebars, format: Format): void {
  // SN-4: a time always shows its zone. Formatting through Intl is the costliest step of a
  // render and a batch repeats the same few values, so results are remembered (bounded). The
  // text shown depends only on the UTC second (time) or day (date): for the UTC ISO strings the
  // system produces, that is a prefix of the string, which is the key.
  const time = memo(19, (iso: string, language: string) => {
    const d = DateTime.fromISO(iso, { zone: 'utc' });
    if (!d.isValid) throw new Error(`not an ISO time: ${iso}`);
    return language === 'fr'
      ? d.setLocale('fr').toFormat("d LLLL yyyy 'à' HH:mm:ss 'UTC'")
      : d.setLocale('en').toFormat("d LLLL yyyy 'at' HH:mm:ss 'UTC'");
  });
  const date = memo(10, (iso: string, language: string) => {
    const d = DateTime.fromISO(iso, { zone: 'utc' });
    if (!d.isValid) throw new Error(`not an ISO time: ${iso}`);
    return d.setLocale(language === 'fr' ? 'fr' : 'en').toFormat('d LLLL yyyy');
  });
  hb.registerHelper('time', (iso: unknown, language: unknown) =>
    time(String(iso), language === 'fr' ? 'fr' : 'en'),
  );
  hb.registerHelper('date', (iso: unknown, language: unknown) =>
    date(String(iso), language === 'fr' ? 'fr' : 'en'),
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '',
  );
  // A disclosure order's fields in the reader's words ("full name", "nom complet"), never
  // the stored codes; an unknown code is shown as it is.
  hb.registerHelper('fieldNames', (list: unknown, language: unknown) =>
    Array.isArray(list)
      ? list
          .map((f) => FIELD_WORDS[language === 'fr' ? 'fr' : 'en'][String(f)] ?? String(f))
          .join(', ')
      : '',
  );
  void format;
}

const FIELD_WORDS: Record<'en' | 'fr', Record<string, string>> = {
  en: {
    fullName: 'full name',
    email: 'e-mail address',
    phone: 'telephone number',
    postalAddress: 'postal address',
    installationAddress: 'installation address',
  },
  fr: {
    fullName: 'nom et prénoms',
    email: 'adresse électronique',
    phone: 'numéro de téléphone',
    postalAddress: 'adresse postale',
    installationAddress: "adresse d'installation",
  },
};

const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function memo(prefix: number, fn: (iso: string, language: string) => string) {
  const seen = new Map<string, string>();
  return (iso: string, language: string): string => {
    const key = `${language} ${UTC_ISO.test(iso) ? iso.slice(0, prefix) : iso}`;
    let out = seen.get(key);
    if (out === undefined) {
      out = fn(iso, language);
      if (seen.size >= 10_000) seen.clear();
      seen.set(key, out);
    }
    return out;
  };
}

// Blank-line separated blocks become paragraphs; blocks that are already markup stay as they
// are. Values were escaped while rendering, so wrapping them is safe.
function paragraphs(body: string): string {
  return body
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => (b.startsWith('<') ? b : `<p>${b.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

function tidyText(body: string): string {
  return body.replace(/\n{3,}/g, '\n\n').trim();
}
