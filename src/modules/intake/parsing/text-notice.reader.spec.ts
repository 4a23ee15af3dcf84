import { readTextNotice } from './text-notice.reader';

describe('readTextNotice', () => {
  it('reads labelled lines and keeps the lines each item came from', () => {
    const out = readTextNotice(
      [
        'Notice ID: WT-2026-118',
        'Copyright Owner: Northbridge Pictures LLC',
        'Title: The Long Road Home',
        'File Name: The.Long.Road.Home.2026.1080p.mkv',
        'Protocol: BitTorrent',
        'IP Address: 203.0.113.47',
        'Port: 51413',
        'Timestamp: 2026-10-04 21:13:07 UTC',
      ].join('\n'),
    );
    expect(out?.ok).toBe(true);
    if (!out?.ok) return;
    const n = out.notice;
    expect(n).toMatchObject({
      format: 'text',
      caseId: 'WT-2026-118',
      owner: 'Northbridge Pictures LLC',
    });
    expect(n.items).toHaveLength(1);
    expect(n.items[0]).toMatchObject({ ip: '203.0.113.47', port: 51413, protocol: 'BitTorrent' });
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-10-04T21:13:07.000Z');
    expect(n.items[0].readFromText?.lines).toContain('IP Address: 203.0.113.47');
    expect(n.warnings.map((w) => w.code)).toContain('read_from_text');
  });

  it('reads a sentence', () => {
    const out = readTextNotice(
      'On behalf of Northbridge Pictures LLC, we observed the IP address 198.51.100.7 on port 6881 ' +
        'at 2026-10-04T21:13:07Z sharing the file "Road.mkv" of the work "The Long Road Home" using BitTorrent.',
    );
    if (!out?.ok) throw new Error('not read');
    expect(out.notice.items[0]).toMatchObject({
      ip: '198.51.100.7',
      port: 6881,
      fileName: 'Road.mkv',
      title: 'The Long Road Home',
    });
    expect(out.notice.owner).toBe('Northbridge Pictures LLC');
  });

  it('keeps a zone-less time as the value to quote (refused later as timestamp_zone)', () => {
    const out = readTextNotice('IP-Address: 203.0.113.9\nPort: 1234\nDate: 03/02/2020 00:01:38\n');
    if (!out?.ok) throw new Error('not read');
    expect(out.notice.items[0]).toMatchObject({
      observedAt: null,
      observedAtRaw: '03/02/2020 00:01:38',
      timestampProblem: 'no_zone',
    });
  });

  it('is not fooled by text without an address and a time', () => {
    expect(readTextNotice('Hello, please call us about your account.')).toBeUndefined();
  });
});
