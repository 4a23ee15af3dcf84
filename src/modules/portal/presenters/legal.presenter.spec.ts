import type { HoldWithReference } from '../../retention/retention.repository';
import { holdPage, holdsPage, identityPage } from './legal.presenter';

const hold = (over: Partial<HoldWithReference> = {}): HoldWithReference => ({
  id: 'h1',
  subject_type: 'notice',
  subject_id: '00000000-0000-0000-0000-000000000001',
  subject_reference: 'N-1',
  reason: 'litigation',
  created_by: 'u1',
  created_at: new Date('2026-01-01T00:00:00Z'),
  released_at: null,
  released_by: null,
  release_reason: null,
  ...over,
});

const form = { subjectType: 'account', subject: '', reason: '' };

describe('legal presenters', () => {
  it('keeps the "released too" filter in the holds page links', () => {
    const all = holdsPage([hold()], 60, 2, { all: true, form, errors: {} });
    expect(all.pagination.prevHref).toBe('/portal/legal/holds?show=all&page=1');
    expect(all.pagination.nextHref).toBe('/portal/legal/holds?show=all&page=3');
    const active = holdsPage([hold()], 60, 2, { all: false, form, errors: {} });
    expect(active.pagination.nextHref).toBe('/portal/legal/holds?page=3');
    expect(active.subjects.find((s) => s.checked)?.value).toBe('account');
  });

  it('names a hold by its subject reference, or its id when it has none', () => {
    expect(holdPage(hold(), { reason: '' }, {}).title).toBe('Hold on N-1');
    const bare = holdPage(hold({ subject_reference: null }), { reason: '' }, {});
    expect(bare.hold.subjectReference).toBe('00000000-0000-0000-0000-000000000001');
    expect(bare.hold.active).toBe(true);
    // The view reads `failure`: the key is there even when nothing failed.
    expect('failure' in bare).toBe(true);
  });

  it('shows no identity until one is opened, then every field (null when unknown)', () => {
    const closed = identityPage({ subscriberRef: 'SUB-1', purpose: '' }, {});
    expect('opened' in closed && closed.opened).toBeUndefined();
    const opened = identityPage(
      { subscriberRef: 'SUB-1', purpose: 'order' },
      {},
      {
        ref: 'SUB-1',
        openedAt: new Date('2026-01-02T00:00:00Z'),
        identity: { fullName: 'A Person' },
      },
    );
    expect(opened.opened?.rows[0]).toEqual({ label: 'Full name', value: 'A Person' });
    expect(opened.opened?.rows.slice(1).every((r) => r.value === null)).toBe(true);
  });
});
