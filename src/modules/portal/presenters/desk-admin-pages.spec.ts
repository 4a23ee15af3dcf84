import type { Request, Response } from 'express';
import { Role } from '../../../common/roles';
import type { AccountsService } from '../../accounts/accounts.service';
import type { DeskMessageCopy } from '../../messaging/sent-copy.service';
import type { PortalCsrfService } from '../portal-csrf.service';
import { ContextOf, PortalViewService } from '../portal-view.service';
import { forgotPasswordPage, passwordSetPage, signInNotice, signInPage } from './auth.presenter';
import {
  deadLettersPage,
  deliveriesPage,
  retriedNotice,
  templatesPage,
} from './desk-messages.presenter';
import { errorPage } from './error.presenter';
import { invalidateConfirmPage } from './search-bulk.presenter';
import { sentMessagePage } from './sent-message.presenter';
import { userPage, usersPage } from './users.presenter';

// Each presenter's page rendered through the strict views: a field its view reads that the
// context lacks would throw here.
const csrf = { token: () => 'token' } as unknown as PortalCsrfService;
const views = new PortalViewService(csrf, {} as unknown as AccountsService);

async function render<V extends string>(view: V, ctx: ContextOf<V>, status = 200): Promise<string> {
  let html = '';
  const res = {
    locals: { lang: 'en' },
    status: () => res,
    type: () => res,
    setHeader: () => res,
    send(body: string) {
      html = body;
      return res;
    },
  };
  const req = { path: '/portal', originalUrl: '/portal', method: 'GET' };
  await views.send(req as unknown as Request, res as unknown as Response, view, ctx, status);
  return html;
}

const copy: DeskMessageCopy = {
  id: '0a1b2c3d-0000-4000-8000-000000000000',
  kind: 'warning',
  template: 'warning',
  regime: 'generic',
  language: 'en',
  stage: 1,
  status: 'sent',
  createdAt: new Date('2026-01-02T03:04:05Z'),
  sentAt: null,
  messageIdHeader: null,
  subscriberRef: 'SUB-REF-1',
  noticeReferences: ['NR-1'],
  copy: { subject: 'Copyright notice', text: 'Dear [name]', html: '<p>Dear [name]</p>' },
};

describe('desk, admin and sign-in pages (strict views)', () => {
  it('renders the sign-in, forgot-password and password pages', async () => {
    const notice = signInNotice('1', undefined);
    const signIn = await render('sign-in', signInPage('a@example.org', '/portal', {}, notice));
    expect(signIn).toContain('value="a@example.org"');
    expect(signIn).toContain('You have signed out.');
    expect(signInNotice(undefined, '1')).toBe('Your password is set. Sign in with it.');
    const forgot = forgotPasswordPage('x', { email: 'Enter an e-mail address' }, false);
    expect(await render('forgot-password', forgot, 400)).toContain('Enter an e-mail address');
    expect(forgotPasswordPage('', {}, true).title).toBe('Check your mail');
    const set = await render('password-set', passwordSetPage('tok', true, { again: 'Type it' }));
    expect(set).toContain('Type it');
  });

  it('renders an error page with its heading and error id', async () => {
    const html = await render('error', errorPage(500, 'Quote the id', 'err-123'), 500);
    expect(html).toContain('Something went wrong');
    expect(html).toContain('err-123');
    expect(errorPage(418, 'm', null).heading).toBe('That request could not be processed');
  });

  it('renders the dead letters, deliveries and templates pages', async () => {
    const notice = retriedNotice(2, 1);
    expect(notice).toMatch(/^2 message\(s\) moved back .* 1 could not be retried/);
    expect(retriedNotice(null, 3)).toBeUndefined();
    const dead = deadLettersPage({ total: 0, rows: [] }, 1, { notice });
    expect(await render('desk-dead-letters', dead)).toContain('2 message(s) moved back');
    const deliveries = deliveriesPage('sent', { total: 0, rows: [] }, { sent: 4, failed: 3 }, 1);
    expect(deliveries.filters[0]).toMatchObject({ label: 'All', count: 7, current: false });
    await render('desk-deliveries', deliveries);
    const asked = { template: 'warning', regime: 'generic', language: 'en', stage: '2' };
    const variants = [{ template: 'warning', regime: 'generic', language: 'en' }];
    const templates = templatesPage(variants, asked, null, { stage: 'No template' });
    expect(templates.options.stage.find((o) => o.selected)?.value).toBe('2');
    expect(await render('desk-templates', templates, 400)).toContain('No template');
  });

  it('renders a sent message for the desk and for legal staff', async () => {
    const desk = sentMessagePage(copy, null, Role.AbuseDesk, {}, '');
    expect(desk.canOpenIdentity).toBe(false);
    expect(await render('desk-message', desk)).toContain('Dear [name]');
    const legalCopy = { ...copy, to: null, unmasked: null, matchesSent: false };
    const legal = sentMessagePage(legalCopy, legalCopy, Role.Legal, {}, 'court order');
    expect(legal.to).toBe('no e-mail address on file');
    await render('desk-message', legal);
  });

  it('renders the users and user pages and the bulk confirmation', async () => {
    const users = usersPage([], 0, 1, [], {}, { email: 'Enter an e-mail address' });
    expect(users.form).toEqual({ displayName: '', email: '' });
    expect(await render('users', users, 400)).toContain('Enter an e-mail address');
    const user = {
      id: 'u-1',
      email: 'p@example.org',
      displayName: 'P. Person',
      role: Role.Legal,
      organisationId: null,
      disabled: false,
      confirmed: true,
      createdAt: '2026-01-02T03:04:05.000Z',
    };
    const page = userPage(user, 'u-1', { link: { url: 'https://x/p/t', expiresAt: new Date() } });
    expect(page).toMatchObject({ self: true, canLink: false });
    expect(await render('user', page)).toContain('https://x/p/t');
    const confirm = invalidateConfirmPage(['NR-9'], {}, '', '/portal/desk/search');
    expect(await render('desk-bulk-confirm', confirm)).toContain('NR-9');
  });
});
