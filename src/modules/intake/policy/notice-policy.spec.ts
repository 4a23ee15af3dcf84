import { emptyItem, ParsedItem, ParsedNotice } from '../parsing';
import { assertKnownChecks, evaluateNotice, PolicySettings, SenderFacts } from './notice-policy';
import { detectSettlementDemand } from './settlement-detector';

const NOW = new Date('2026-11-01T00:00:00Z');
const sender: SenderFacts = {
  name: 'Rightsline Enforcement',
  accreditation: 'accredited',
  postalAddress: '1 Example Avenue',
  contactEmail: null,
  owners: ['Northbridge Pictures LLC'],
};
const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  now: NOW,
  addressSpace: ['203.0.113.0/24', '2001:db8::/32'],
  retentionDays: 90,
  natPools: [
    {
      id: 1,
      name: 'cgnat',
      publicPrefix: '203.0.113.128/25',
      insidePrefix: null,
      portMin: 1024,
      portMax: 65535,
      blockSize: 512,
      deterministic: false,
      quarantineSeconds: 120,
    },
  ],
  disabled: new Set(),
  ...over,
});

function item(over: Partial<ParsedItem> = {}): ParsedItem {
  return {
    ...emptyItem(),
    ip: '203.0.113.7',
    port: 51413,
    observedAt: new Date('2026-10-04T21:13:07Z'),
    observedAtRaw: '2026-10-04T21:13:07Z',
    protocol: 'BITTORRENT',
    title: 'The Long Road Home',
    ...over,
  };
}

function notice(items: ParsedItem[], over: Partial<ParsedNotice> = {}): ParsedNotice {
  return {
    format: 'acns',
    caseId: 'C-1',
    complainant: {
      entity: 'Northbridge Pictures LLC',
      contact: null,
      address: null,
      phone: null,
      email: null,
    },
    owner: 'Northbridge Pictures LLC',
    items,
    titles: ['The Long Road Home'],
    refUrl: null,
    text: '',
    links: [],
    warnings: [],
    ...over,
  };
}

const failures = (n: ParsedNotice, s = settings(), who = sender) =>
  evaluateNotice(n, who, s).itemFailures.map((f) => f?.check ?? null);

describe('notice policy', () => {
  it('passes a complete P2P notice inside the address space and retention', () => {
    const v = evaluateNotice(notice([item()]), sender, settings());
    expect(v.noticeFailure).toBeNull();
    expect(v.itemFailures).toEqual([null]);
    expect(v.checks.every((c) => c.result === 'pass')).toBe(true);
  });

  it('names the first failing rule of each item', () => {
    expect(
      failures(
        notice(
          [
            item({ ip: '8.8.8.8' }),
            item({
              observedAt: null,
              observedAtRaw: '2026-10-04 21:13:07',
              timestampProblem: 'no_zone',
            }),
            item({ protocol: 'HTTP', type: 'streaming' }),
            item({ observedAt: new Date('2026-01-01T00:00:00Z') }),
            item({ observedAt: new Date('2026-11-02T00:00:00Z') }),
            item({ ip: '203.0.113.200', port: null }),
            item({ ip: '203.0.113.20', port: null }),
            item({ title: null }),
          ],
          { titles: [] },
        ),
      ),
    ).toEqual([
      'address_space',
      'timestamp_zone',
      'p2p_evidence',
      'retention',
      'retention',
      'cgnat_port',
      null,
      'required_elements',
    ]);
  });

  it('refuses the whole notice for a suspended sender or an owner it does not act for', () => {
    const suspended = evaluateNotice(
      notice([item()]),
      { ...sender, accreditation: 'suspended' },
      settings(),
    );
    expect(suspended.noticeFailure).toMatchObject({ check: 'sender_accredited' });
    const stranger = evaluateNotice(
      notice([item()], { owner: 'Other Studio' }),
      sender,
      settings(),
    );
    expect(stranger.noticeFailure).toMatchObject({ check: 'owner_represented' });
  });

  it('refuses an unknown check name at start-up', () => {
    expect(() => assertKnownChecks(['p2p_evidence'])).not.toThrow();
    expect(() => assertKnownChecks(['p2p_evidnce'])).toThrow(/unknown checks: p2p_evidnce/);
  });

  it('skips a disabled check and records that it did', () => {
    const v = evaluateNotice(
      notice([item({ protocol: 'HTTP' })]),
      sender,
      settings({ disabled: new Set(['p2p_evidence']) }),
    );
    expect(v.itemFailures).toEqual([null]);
    expect(v.checks).toContainEqual(
      expect.objectContaining({ check: 'p2p_evidence', result: 'skipped' }),
    );
  });

  it('flags settlement demands without refusing (the regime decides later)', () => {
    const v = evaluateNotice(
      notice([item()], { text: 'To settle this matter for $300 visit our site.' }),
      sender,
      settings(),
    );
    expect(v.settlementFlagged).toBe(true);
    expect(v.itemFailures).toEqual([null]);
  });
});

describe('settlement detector', () => {
  it.each([
    ['To settle this matter for $300 visit https://x.example', 'settlement'],
    ['You must pay a fine of $150 within 10 days', 'payment'],
    ["Please provide the subscriber's name and address to us", 'personal_information'],
  ])('finds %j', (text, kind) => {
    expect(detectSettlementDemand(text, []).map((f) => f.kind)).toContain(kind);
  });

  it('finds a payment link', () => {
    expect(detectSettlementDemand('', ['https://settle.example/pay?case=1'])).toEqual([
      { kind: 'link', excerpt: 'https://settle.example/pay?case=1' },
    ]);
  });

  it('leaves an ordinary notice alone', () => {
    const text =
      'We have reason to believe the account was used to share The Long Road Home over BitTorrent. ' +
      'Please see https://rightsline.example/notices/3458172960 for details.';
    expect(detectSettlementDemand(text, ['https://rightsline.example/notices/3458172960'])).toEqual(
      [],
    );
  });
});

describe('saying everything that is wrong (issue 15 §4)', () => {
  it('lists every failing check of an item, not only the first', () => {
    const old = item({ ip: '192.0.2.250', observedAt: new Date('2020-01-01T00:00:00Z') });
    const v = evaluateNotice(notice([old]), sender, settings({ addressSpace: ['203.0.113.0/24'] }));
    expect(v.itemAllFailures[0].map((f) => f.check)).toEqual(['address_space', 'retention']);
    expect(v.itemFailures[0]?.check).toBe('address_space');
  });

  it('refuses a web takedown as not P2P, telling the sender to write to the host', () => {
    const web = item({ protocol: null, type: 'HTTP', url: 'https://cdn.example/film.mp4' });
    const [failure] = evaluateNotice(notice([web]), sender, settings()).itemAllFailures[0];
    expect(failure.check).toBe('p2p_evidence');
    expect(failure.detail).toContain('https://cdn.example/film.mp4');
    expect(failure.detail).toContain('please write to the hosting provider');
  });

  it('screens titles and file names for demands, not only the letter', () => {
    const demand = item({ fileName: 'Pay $300 now at https://pay.example to settle this claim' });
    const v = evaluateNotice(
      notice([demand], { text: 'Please remove the file.' }),
      sender,
      settings(),
    );
    expect(v.settlementFlagged).toBe(true);
  });
});
