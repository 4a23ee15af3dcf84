import { NewItem } from './intake.types';
import {
  answeringNotice,
  assignQuota,
  decideItem,
  dedupeKey,
  newItem,
  noticeOutcome,
  planItems,
  quotaWanted,
  reasonCodeOf,
  windowStartOf,
} from './notice-verdict.rules';
import { emptyItem, ParsedItem, ParsedNotice } from './parsing';
import { CheckResult, PolicyVerdict } from './policy/notice-policy';

const NOW = new Date('2026-11-01T10:20:30Z');
const ORG = '00000000-0000-4000-8000-000000000001';

function item(over: Partial<ParsedItem> = {}): ParsedItem {
  return {
    ...emptyItem(),
    ip: '203.0.113.7',
    port: 51413,
    observedAt: new Date('2026-10-04T21:13:07Z'),
    protocol: 'BITTORRENT',
    ...over,
  };
}

function notice(items: ParsedItem[]): ParsedNotice {
  return {
    format: 'acns',
    caseId: 'C-1',
    complainant: { entity: null, contact: null, address: null, phone: null, email: null },
    owner: null,
    items,
    titles: ['The Long Road Home'],
    refUrl: null,
    text: '',
    links: [],
    warnings: [],
  };
}

const fail = (check: CheckResult['check'], detail?: string): CheckResult => ({
  check,
  rule: 'r',
  scope: 'item',
  result: 'fail',
  detail,
});

function verdict(n: number, over: Partial<PolicyVerdict> = {}): PolicyVerdict {
  return {
    checks: [],
    noticeFailure: null,
    itemFailures: Array.from({ length: n }, () => null),
    itemAllFailures: Array.from({ length: n }, () => []),
    settlementFlagged: false,
    ...over,
  };
}

const never = () => false;
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};

describe('notice verdict rules', () => {
  it('windows start on the hour; p2p_evidence refuses as not_p2p', () => {
    expect(windowStartOf(NOW).toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(reasonCodeOf(fail('p2p_evidence'))).toBe('not_p2p');
    expect(reasonCodeOf(fail('retention'))).toBe('retention');
  });

  describe('dedupeKey', () => {
    it('joins sender, case (the item’s before the notice’s), address, port and time', () => {
      const n = notice([]);
      expect(dedupeKey(ORG, n, item())).toBe(
        `${ORG}|C-1|203.0.113.7|51413|2026-10-04T21:13:07.000Z`,
      );
      expect(dedupeKey(ORG, n, item({ caseId: 'R-2', port: null }))).toBe(
        `${ORG}|R-2|203.0.113.7||2026-10-04T21:13:07.000Z`,
      );
      expect(dedupeKey(ORG, { caseId: null }, item())).toBe(
        `${ORG}||203.0.113.7|51413|2026-10-04T21:13:07.000Z`,
      );
    });

    it('is null without an address or a time', () => {
      expect(dedupeKey(ORG, notice([]), item({ ip: null }))).toBeNull();
      expect(dedupeKey(ORG, notice([]), item({ observedAt: null }))).toBeNull();
    });
  });

  describe('decideItem', () => {
    it('puts duplicate before a read refusal, a failing check and a hold', () => {
      const v = verdict(1, {
        itemFailures: [fail('retention')],
        itemAllFailures: [[fail('retention')]],
      });
      const refused = item({ readRefusal: { code: 'malformed_xml', message: 'bad' } });
      expect(decideItem(refused, 0, v, true, true).status).toBe('duplicate');
      expect(decideItem(refused, 0, v, false, true)).toEqual({
        status: 'refused',
        reasonCode: 'malformed_xml',
        reason: 'bad',
      });
      expect(decideItem(item(), 0, v, false, true)).toEqual({
        status: 'refused',
        reasonCode: 'retention',
        reason: 'retention',
      });
      expect(decideItem(item(), 0, verdict(1), false, true).status).toBe('held');
      expect(decideItem(item(), 0, verdict(1), false, false)).toEqual({
        status: 'accepted',
        reasonCode: null,
        reason: null,
      });
    });

    it('names every failing check of the item, and only the notice failure when there is one', () => {
      const all = [fail('p2p_evidence', 'web takedown'), fail('retention', 'too old')];
      const v = verdict(1, { itemFailures: [all[0]], itemAllFailures: [all] });
      expect(decideItem(item(), 0, v, false, false)).toEqual({
        status: 'refused',
        reasonCode: 'not_p2p',
        reason: 'not_p2p: web takedown; retention: too old',
      });
      const noticeWide = verdict(1, {
        noticeFailure: fail('sender_accredited', 'suspended'),
        itemAllFailures: [all],
      });
      expect(decideItem(item(), 0, noticeWide, false, false)).toEqual({
        status: 'refused',
        reasonCode: 'sender_accredited',
        reason: 'suspended',
      });
    });
  });

  it('quotaWanted counts items no check, read refusal or hold stops', () => {
    const n = notice([
      item(),
      item({ readRefusal: { code: 'malformed_xml', message: 'x' } }),
      item({ readFromText: { lines: ['l'] } }),
      item(),
    ]);
    const v = verdict(4, { itemFailures: [null, null, null, fail('retention')] });
    expect(quotaWanted(n, v, (i) => i.readFromText !== undefined)).toBe(1);
    expect(quotaWanted(n, verdict(4, { noticeFailure: fail('required_elements') }), never)).toBe(0);
  });

  it('newItem copies the parsed fields, falls back to the notice title and drops unsafe sizes', () => {
    const row = newItem(
      'id-1',
      3,
      item({ type: 'P2P', protocol: null, fileSizeBytes: 2 ** 60, hash: 'h', hashType: 'SHA1' }),
      notice([]),
      'k',
      { status: 'accepted', reasonCode: null, reason: null },
      'ignored-when-not-duplicate',
    );
    expect(row).toMatchObject({
      id: 'id-1',
      position: 3,
      protocol: 'P2P',
      title: 'The Long Road Home',
      fileSize: null,
      hash: 'h',
      hashType: 'SHA1',
      dedupeKey: 'k',
      duplicateOf: null,
      acceptedAt: null,
      expectedAt: null,
    });
    expect(
      newItem(
        'i',
        0,
        item({ fileSizeBytes: 1234 }),
        notice([]),
        null,
        {
          status: 'duplicate',
          reasonCode: 'duplicate',
          reason: 'r',
        },
        'first',
      ),
    ).toMatchObject({ fileSize: 1234, duplicateOf: 'first' });
  });

  it('planItems marks repeats of a stored item and of an earlier item of the same notice', () => {
    const a = item();
    const b = item({ port: 1 });
    const n = notice([a, b, { ...a }, b]);
    const keys = n.items.map((i) => dedupeKey(ORG, n, i));
    const earlier = new Map([[keys[1] as string, { itemId: 'stored', noticeId: 'N0' }]]);
    const items = planItems(n, keys, verdict(4), earlier, never, ids());
    expect(items.map((i) => [i.id, i.status, i.duplicateOf])).toEqual([
      ['id-1', 'accepted', null],
      ['id-2', 'duplicate', 'stored'],
      ['id-3', 'duplicate', 'id-1'],
      ['id-4', 'duplicate', 'stored'],
    ]);
    expect(answeringNotice(items, earlier)).toBeNull();
  });

  it('answeringNotice is the stored notice when every item repeats a stored one', () => {
    const n = notice([item(), item({ port: 2 })]);
    const keys = n.items.map((i) => dedupeKey(ORG, n, i));
    const earlier = new Map([
      [keys[0] as string, { itemId: 's1', noticeId: 'N1' }],
      [keys[1] as string, { itemId: 's2', noticeId: 'N2' }],
    ]);
    expect(answeringNotice(planItems(n, keys, verdict(2), earlier, never), earlier)).toBe('N1');
    expect(answeringNotice([], earlier)).toBeNull();
  });

  it('assignQuota lets the first granted accepted items through and queues the rest', () => {
    const n = notice([
      item({ port: 1 }),
      item({ port: 2, ip: null }),
      item({ port: 3 }),
      item({ port: 4 }),
    ]);
    const keys = n.items.map((i) => dedupeKey(ORG, n, i));
    const v = verdict(4, { itemFailures: [null, fail('required_elements'), null, null] });
    const planned = planItems(n, keys, v, new Map(), never, ids());
    const window = windowStartOf(NOW);
    const out = assignQuota(planned, 1, NOW, window, 50);
    expect(out.map((i) => i.status)).toEqual(['accepted', 'refused', 'queued', 'queued']);
    expect(out[0].acceptedAt).toBe(NOW);
    expect(out[2]).toMatchObject({
      reasonCode: 'quota',
      reason: "over the sender's quota of 50 items an hour",
      expectedAt: new Date('2026-11-01T11:00:00Z'),
      acceptedAt: null,
    });
    expect(planned[2].status).toBe('accepted'); // the input is left as it was
  });

  describe('noticeOutcome', () => {
    const row = (status: NewItem['status']): NewItem =>
      newItem('i', 0, item(), notice([]), null, { status, reasonCode: null, reason: null }, null);

    it('accepts while an item lives on or is a duplicate', () => {
      for (const s of ['accepted', 'queued', 'held', 'duplicate'] as const) {
        expect(noticeOutcome([row('refused'), row(s)], verdict(2))).toEqual({
          status: 'accepted',
          refusalCode: null,
          refusalReason: null,
        });
      }
    });

    it('refuses with no_items, no_valid_items, or the notice-level failure', () => {
      expect(noticeOutcome([], verdict(0))).toEqual({
        status: 'refused',
        refusalCode: 'no_items',
        refusalReason: 'the notice lists no IP address and time',
      });
      expect(noticeOutcome([row('refused')], verdict(1))).toEqual({
        status: 'refused',
        refusalCode: 'no_valid_items',
        refusalReason: 'every item was refused',
      });
      const v = verdict(1, { noticeFailure: fail('sender_accredited') });
      expect(noticeOutcome([row('refused')], v)).toEqual({
        status: 'refused',
        refusalCode: 'sender_accredited',
        refusalReason: null,
      });
    });
  });
});
