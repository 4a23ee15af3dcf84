import { CoveredItemRow, DisclosureRequestRow } from './disclosure.types';
import { buildPackage, renderPackageHtml } from './package-builder';

const request = {
  id: 'r1',
  reference: 'DR-TEST',
  kind: 'us_subpoena',
  issuing_body: 'District Court',
  case_number: '1:26-cv-1',
  allowed_fields: ['fullName', 'postalAddress'],
} as unknown as DisclosureRequestRow;

function item(over: Partial<CoveredItemRow>): CoveredItemRow {
  return {
    item_id: 'i',
    notice_reference: 'NR-1',
    position: 0,
    ip: '198.51.100.5',
    port: 51413,
    observed_at: new Date('2026-10-04T21:13:07Z'),
    status: 'forwarded',
    attribution_outcome: 'unique',
    subscriber_ref: 'SUB-A',
    subscriber_account_id: 'acc-a',
    regime: 'us',
    attribution: {
      evidence: [
        { hop: 'nat', table: 'nat_port_blocks', insideAddress: '100.64.0.7', subscriberRef: 'x' },
        { hop: 'lease', table: 'lease_bindings', onlyWithinTolerance: true },
      ],
    },
    ...over,
  };
}

describe('disclosure package', () => {
  const identities = new Map([
    ['acc-a', { fullName: 'Ann A', postalAddress: '1 Road', email: 'ann@x.example' }],
    ['acc-b', { fullName: 'Bob B', postalAddress: '2 Road', phone: '555' }],
  ]);
  const pkg = buildPackage(
    request,
    [
      item({}),
      item({ item_id: 'j', position: 1, subscriber_account_id: 'acc-b', subscriber_ref: 'SUB-B' }),
      item({
        item_id: 'k',
        position: 2,
        attribution_outcome: 'ambiguous',
        subscriber_account_id: null,
        subscriber_ref: null,
        attribution: { evidence: [{ hop: 'lease', subscriberRef: 'SUB-C' }] },
      }),
    ],
    identities,
    new Date('2026-11-01T00:00:00Z'),
  );

  it('holds exactly the allowed fields for each account, even if more were read', () => {
    expect(pkg.subscribers.map((s) => s.identity)).toEqual([
      { fullName: 'Ann A', postalAddress: '1 Road' },
      { fullName: 'Bob B', postalAddress: '2 Road' },
    ]);
    const text = JSON.stringify(pkg) + renderPackageHtml(pkg);
    expect(text).not.toMatch(/ann@x\.example|555|acc-a|acc-b/);
  });

  it('attaches confidence and the CGNAT caveat, without internal addresses (DR-5)', () => {
    const first = pkg.subscribers[0].items[0];
    expect(first.confidence).toBe('medium');
    expect(first.caveats.join(' ')).toMatch(/CGNAT/);
    expect(JSON.stringify(first.evidence)).not.toMatch(/100\.64\.0\.7|subscriberRef/);
  });

  it('reports an ambiguous item as such, naming no candidate', () => {
    expect(pkg.notAttributed).toHaveLength(1);
    expect(pkg.notAttributed[0]).toMatchObject({ outcome: 'ambiguous', confidence: 'none' });
    expect(JSON.stringify(pkg.notAttributed)).not.toMatch(/SUB-C/);
  });

  it('renders a printable page that escapes what it quotes', () => {
    const evil = buildPackage(
      { ...request, case_number: '<script>x</script>' },
      [],
      new Map(),
      new Date(),
    );
    expect(renderPackageHtml(evil)).toContain('&lt;script&gt;');
  });
});
