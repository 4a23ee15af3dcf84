import 'reflect-metadata';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderDetail } from '../blocking/blocking-orders.service';
import type {
  OrderRow,
  OverriddenTargetRow,
  ProtectedRow,
  UpdateRequestRow,
} from '../blocking/blocking.types';
import { orderPage, ordersPage, protectedPage, requestsPage } from './blocking-pages';
import { orderFormPage, requestFormPage } from './blocking-form-pages';
import { VIEWS_DIR } from './portal-view.service';

// Each blocking page's context renders its view under `strict: true` (a field the view reads
// and the context lacks throws), in every state the page has.
const hbs = Handlebars.create();
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('t', (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : ''));
hbs.registerHelper('codeWords', (v: unknown) => (typeof v === 'string' ? v : ''));
hbs.registerHelper('utc', (v: unknown) => (v instanceof Date ? v.toISOString() : ''));
const partials = join(VIEWS_DIR, 'partials');
for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
  hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partials, file), 'utf8'));
}
const render = (view: string, ctx: object): string =>
  hbs.compile(readFileSync(join(VIEWS_DIR, `${view}.hbs`), 'utf8'), { strict: true })({
    ...ctx,
    csrfToken: 'csrf',
  });

const now = new Date('2027-03-01T12:00:00Z');
const order: OrderRow = {
  id: 'o1',
  reference: 'BO-2027-AAAA0001',
  organisationId: null,
  status: 'submitted',
  court: 'Tribunal judiciaire de Paris',
  jurisdiction: 'fr',
  caseNumber: 'RG 27/00001',
  orderDate: '2027-02-01',
  claimants: ['League A', 'Studio B'],
  ispNamed: 'Example ISP',
  measures: ['dns', 'ip'],
  implementationDays: 15,
  startsAt: new Date('2027-02-01T00:00:00Z'),
  endsAt: new Date('2028-02-01T00:00:00Z'),
  costBearer: 'rights_holders',
  updateBasis: 'authority',
  howToContest: 'Write to the court.',
  documentSha256: null,
  documentSize: null,
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  createdAt: new Date('2027-02-02T09:00:00Z'),
};
const detail: OrderDetail = {
  order,
  targets: [
    {
      id: 't1',
      orderId: 'o1',
      kind: 'fqdn',
      value: 'pirate.example',
      source: 'order',
      updateRequestId: null,
      status: 'active',
      refusalReason: null,
      overrideJustification: 'licensed elsewhere, kept by written decision',
      overrideBy: 'user:legal',
      windowStartsAt: null,
      windowEndsAt: null,
      effectiveFrom: now,
      implementBy: now,
      firstExportedAt: null,
    },
  ],
  windows: [{ id: 'w1', orderId: 'o1', label: 'Final', startsAt: now, endsAt: now }],
  costs: [
    {
      id: 'c1',
      orderId: 'o1',
      incurredOn: '2027-02-03',
      description: 'DNS change',
      hours: '1.50',
      amountCents: '12050',
      currency: 'EUR',
      createdBy: 'user:legal',
      createdAt: now,
    },
  ],
};
const request = (status: UpdateRequestRow['status']): UpdateRequestRow => ({
  id: `r-${status}`,
  reference: `BU-2027-${status}`,
  orderId: 'o1',
  orderReference: order.reference,
  organisationId: null,
  kind: 'fqdn',
  value: `${status}.mirror.example`,
  mirrorOf: 'pirate.example',
  evidence: { description: 'same catalogue', seenAt: '2027-02-20T10:00:00Z' },
  flags: ['protected: cdn.example'],
  status,
  basisKind: status === 'approved' ? 'authority' : null,
  basisReference: status === 'approved' ? 'AGCOM 1/27' : null,
  refusalGround: status === 'refused' ? 'not_a_mirror' : null,
  decisionReason: status === 'pending' ? null : 'checked',
  overrideJustification: null,
  decidedAt: status === 'pending' ? null : now,
  decidedBy: status === 'pending' ? null : 'user:legal',
  submittedAt: new Date('2027-02-20T11:00:00Z'),
  implementBy: status === 'approved' ? now : null,
  decideBy: new Date('2027-02-25T11:00:00Z'),
});
const legal = { legal: true, counsel: false };
const counsel = { legal: false, counsel: true };

describe('blocking pages under strict Handlebars', () => {
  it('refuses a context that lacks a field the view reads (the check is strict)', () => {
    const page = ordersPage([order], new Set(), false, ['rpz']);
    const { caseNumber: _dropped, ...lacking } = page.orders[0];
    expect(() => render('blocking-orders', { ...page, orders: [lacking] })).toThrow(/caseNumber/);
  });

  it('renders the orders list', () => {
    const html = render(
      'blocking-orders',
      ordersPage([order], new Set([order.id]), false, ['rpz', 'csv']),
    );
    expect(html).toContain('RG 27/00001 (2027-02-01)');
    expect(html).toContain('2028-02-01T00:00:00.000Z');
    expect(html).toContain('/api/v1/blocking/exports/csv');
    expect(render('blocking-orders', ordersPage([], new Set(), true, ['rpz']))).not.toContain(
      'exports/rpz',
    );
  });

  it('renders the order page for legal (submitted, with errors and costs) and counsel', () => {
    const forLegal = render(
      'blocking-order',
      orderPage(
        detail,
        legal,
        {
          notice: 'Saved.',
          costForm: { hours: 'x' },
          costErrors: { hours: 'Give hours' },
          decisionErrors: { reason: 'Give the reason' },
        },
        now,
      ),
    );
    expect(forLegal).toContain('RG 27/00001, 2027-02-01');
    expect(forLegal).toContain('120.50 EUR');
    expect(forLegal).toContain('licensed elsewhere, kept by written decision');
    expect(forLegal).toContain('Give the reason');
    const confirmed = { ...detail, order: { ...order, status: 'confirmed' as const } };
    const forCounsel = render('blocking-order', orderPage(confirmed, counsel, {}, now));
    expect(forCounsel).toContain('/portal/blocking/update-requests/new?order=o1');
    expect(forCounsel).not.toContain('DNS change');
  });

  it('renders the review queue with pending and decided requests', () => {
    const rows = [request('pending'), request('approved'), request('refused')];
    const html = render(
      'blocking-requests',
      requestsPage(legal, rows, [order], { decision: 'approve' }, { ground: 'x' }, null, now),
    );
    expect(html).toContain('confirm-deadline-BO-2027-AAAA0001');
    expect(html).toContain('2027-02-25T11:00:00.000Z');
    expect(html).toContain('authority: AGCOM 1/27: checked');
    expect(html).toContain('not_a_mirror: checked');
    expect(
      render('blocking-requests', requestsPage(counsel, [], [], {}, {}, 'Sent.', now)),
    ).toContain('Sent.');
  });

  it('renders the protected list and its overrides', () => {
    const entry: ProtectedRow = {
      id: 'p1',
      kind: 'cidr',
      value: '104.16.0.0/13',
      asn: '13335',
      note: 'CDN',
      source: 'manual',
      createdBy: 'user:legal',
      createdAt: now,
    };
    const override: OverriddenTargetRow = { ...detail.targets[0], orderReference: order.reference };
    const html = render(
      'blocking-protected',
      protectedPage(true, [entry], [override], { value: 'x' }, { value: 'bad' }, null),
    );
    expect(html).toContain('104.16.0.0/13');
    expect(html).toContain(`under BO-2027-AAAA0001: licensed elsewhere`);
    expect(html).toContain('value="x"');
  });

  it('renders the order and mirror forms, empty and echoed', () => {
    expect(render('blocking-order-new', orderFormPage({}, {}, 10 * 1024 * 1024))).toContain(
      'at most 10 MB',
    );
    const echoed = render(
      'blocking-order-new',
      orderFormPage({ court: 'TJ Paris', measures: 'dns\nip' }, { court: 'x' }, 1024 * 1024),
    );
    expect(echoed).toContain('value="TJ Paris"');
    expect(echoed).toContain('id="measures-ip" name="measures" value="ip" checked');
    const form = render(
      'blocking-request-new',
      requestFormPage([{ ...order, status: 'confirmed' }], { orderId: 'o1' }, {}),
    );
    expect(form).toContain('<option value="o1" selected>');
  });
});
