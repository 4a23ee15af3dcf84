import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { AccountsService } from '../accounts/accounts.service';
import { Principal } from '../auth/principal';
import { deliveryProblem } from './delivery-words';
import { navigationFor, ROLE_LABELS } from './navigation';
import { PortalCsrfService } from './portal-csrf.service';

export const VIEWS_DIR = join(__dirname, 'views');

export interface PageContext {
  title: string;
  [key: string]: unknown;
}

// Times at the edge, in UTC with the zone named (STYLE.md "Data").
export function formatUtc(value: unknown): string {
  let d: Date | null = null;
  if (value instanceof Date) d = value;
  else if (typeof value === 'string' && value !== '') d = new Date(value);
  if (!d) return '—';
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
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
    this.hbs.registerHelper('utc', (v: unknown) => formatUtc(v));
    this.hbs.registerHelper('channelWords', (v: unknown) => channelWords(v));
    this.hbs.registerHelper('formatWords', (v: unknown) => formatWords(v));
    this.hbs.registerHelper('deliveryProblem', (v: unknown) => deliveryProblem(v));
    // Item positions are stored from 0; people count rows from 1, as the receipt does.
    this.hbs.registerHelper('rowNumber', (v: unknown) =>
      typeof v === 'number' ? String(v + 1) : '',
    );
    this.hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));
    this.hbs.registerHelper('number', (v: unknown) =>
      typeof v === 'number' ? v.toLocaleString('en-GB') : typeof v === 'string' ? v : '',
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
      this.templates.set(file.replace(/\.hbs$/, ''), this.hbs.compile(source));
    }
    this.layout = this.template('layout');
  }

  // Renders a page in the layout and sends it; the navigation follows the principal's role.
  async send(
    req: Request & { principal?: Principal },
    res: Response,
    view: string,
    ctx: PageContext,
    status = 200,
  ): Promise<void> {
    const principal = req.principal;
    const csrfToken = this.csrf.token(req, res);
    let user: { name: string; role: string } | null = null;
    if (principal?.userId) {
      const found = await this.accounts.getUser(principal.userId).catch(() => null);
      if (found) user = { name: found.displayName, role: ROLE_LABELS[principal.role] };
    }
    const path = req.path.replace(/\/+$/, '') || '/';
    const data = {
      ...ctx,
      csrfToken,
      user,
      nav: principal ? navigationFor(principal.role, path) : [],
    };
    const body = this.template(view)(data, { allowProtoPropertiesByDefault: false });
    const html = this.layout({ ...data, body }, { allowProtoPropertiesByDefault: false });
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(html);
  }

  private template(name: string): HandlebarsTemplateDelegate {
    const t = this.templates.get(name);
    if (!t) throw new Error(`No portal view ${name}`);
    return t;
  }
}
