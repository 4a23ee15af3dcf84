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

describe('the printable package, in words', () => {
  const pkg = buildPackage(
    { ...request, kind: 'ca_norwich_order' },
    [item({}), item({ item_id: 'j', position: 3 })],
    new Map([['acc-a', { fullName: 'Ann A', postalAddress: '1 Road' }]]),
    new Date('2026-11-01T09:05:00Z'),
  );
  const html = renderPackageHtml(pkg);
  const text = html.replace(/<[^>]+>/g, ' ');

  it('names the order’s kind and the fields in words', () => {
    expect(text).toContain('Canadian Norwich order');
    expect(text).toContain('Full name, Postal address');
    expect(html).toContain('<th scope="row">Full name</th><td>Ann A</td>');
    expect(text).not.toMatch(/ca_norwich_order|fullName|postalAddress/);
  });

  it('writes times readably in UTC and numbers items as on the receipt', () => {
    expect(text).toContain('1 November 2026, 09:05:00 UTC');
    expect(text).toContain('4 October 2026, 21:13:07 UTC');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    // Stored positions 0 and 3 are the receipt's items 1 and 4.
    expect(text).toContain('Notice NR-1, item 1');
    expect(text).toContain('Notice NR-1, item 4');
    expect(pkg.subscribers[0].items.map((i) => i.item)).toEqual([1, 4]);
    expect(text).toContain('Step: Shared address (port block log)');
    expect(text).toContain('Only within the tolerance: yes');
  });
});
