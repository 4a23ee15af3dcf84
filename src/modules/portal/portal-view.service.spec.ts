import type { Request, Response } from 'express';
import type { AccountsService } from '../accounts/accounts.service';
import type { PortalCsrfService } from './portal-csrf.service';
import { pageLinks } from './pagination';
import { PortalViewService } from './portal-view.service';
import { attributionEcho, attributionPage } from './presenters/desk.presenter';

// A request and a response just real enough for send(): what it reads and what it calls.
function exchange() {
  const sent: { status?: number; html?: string } = {};
  const req = { path: '/portal/desk/attribution', originalUrl: '/portal', method: 'GET' };
  const res = {
    locals: { lang: 'en' },
    status(code: number) {
      sent.status = code;
      return res;
    },
    type: () => res,
    setHeader: () => res,
    send(html: string) {
      sent.html = html;
      return res;
    },
  };
  return { req: req as unknown as Request, res: res as unknown as Response, sent };
}

describe('PortalViewService (strict views)', () => {
  const csrf = { token: () => 'token' } as unknown as PortalCsrfService;
  const accounts = {} as unknown as AccountsService;
  const views = new PortalViewService(csrf, accounts);

  it('renders a page whose context gives every field its view reads', async () => {
    const { req, res, sent } = exchange();
    await views.send(req, res, 'attribution', attributionPage(attributionEcho({}), undefined));
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('<input id="ip" name="ip" type="text" spellcheck="false" value=""');
  });

  it('throws instead of printing nothing when the context lacks a field the view reads', async () => {
    const { req, res, sent } = exchange();
    // users.hbs prints {{form.displayName}} and {{form.email}}: this form has the name only.
    await expect(
      views.send(req, res, 'users', {
        title: 'Users',
        rows: [],
        roles: [],
        organisations: [],
        // @ts-expect-error: PageContexts makes this a compile error too (no email).
        form: { displayName: 'A. Person' },
        errors: {},
        summary: [],
        pagination: pageLinks('/portal/admin/users', 1, 0),
      }),
    ).rejects.toThrow(/"email" not defined/);
    expect(sent.html).toBeUndefined();
  });
});
