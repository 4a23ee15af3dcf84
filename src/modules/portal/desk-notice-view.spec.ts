import { checksView, evidenceOf, parsedSummary } from './desk-notice-view';

describe('desk notice view', () => {
  it('keeps only the evidence fields it knows, whatever the stored JSON holds', () => {
    const view = evidenceOf({
      outcome: 'unique',
      candidates: 1,
      reason: null,
      accountId: 'must-not-appear',
      records: [
        {
          hop: 'nat',
          table: 'nat_port_blocks',
          recordId: '42',
          source: 'cgnat-1',
          address: '198.51.100.1',
          insideAddress: '100.64.0.9',
          ports: [1024, 1535],
          pool: 'pool-a',
          starts: '2026-10-04T20:00:00.000Z',
          ends: null,
          confirmedUntil: null,
          toleranceSeconds: 2,
          onlyWithinTolerance: false,
          subscriberRef: null,
          fullName: 'must-not-appear',
        },
        'not a record',
      ],
    });
    expect(JSON.stringify(view)).not.toContain('must-not-appear');
    expect(view.records).toHaveLength(1);
    expect(view.records[0]).toMatchObject({ hop: 'nat', ports: '1024–1535', pool: 'pool-a' });
    expect(evidenceOf(null)).toEqual({
      outcome: null,
      candidates: null,
      reason: null,
      records: [],
    });
  });

  it('shows checks with their rule in words and 1-based rows', () => {
    expect(
      checksView([
        { check: 'cgnat_port', rule: 'VA-4', scope: 'item', position: 0, result: 'fail' },
        null,
      ]),
    ).toEqual([
      {
        check: 'cgnat_port',
        title: 'a shared (CGNAT) address needs its source port',
        rule: 'VA-4',
        scope: 'item',
        row: 1,
        result: 'fail',
        detail: null,
      },
    ]);
  });

  it('summarises what a quarantined notice claims, or says it was unreadable', () => {
    const s = parsedSummary({
      caseId: 'C-1',
      owner: 'Owner',
      complainant: { entity: 'Vendor', email: 'v@vendor.example' },
      titles: ['Film'],
      items: [{ ip: '198.51.100.7', port: 1, observedAtRaw: '2026-10-04 21:13:07 GMT' }],
    });
    expect(s).toMatchObject({ readable: true, caseId: 'C-1', itemCount: 1, titles: ['Film'] });
    expect(s.firstItems[0]).toEqual({
      row: 1,
      ip: '198.51.100.7',
      port: 1,
      observedAt: '2026-10-04 21:13:07 GMT',
    });
    expect(parsedSummary(null).readable).toBe(false);
  });
});
