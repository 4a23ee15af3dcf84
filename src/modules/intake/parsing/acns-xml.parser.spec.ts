import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAcnsXml } from './acns-xml.parser';
import type { ParsedNotice, ParseOutcome } from './parsed-notice';

const fixtureText = (name: string): string =>
  readFileSync(join(__dirname, '../../../../test/fixtures/notices', name), 'utf8');

function ok(outcome: ParseOutcome): ParsedNotice {
  if (!outcome.ok) throw new Error(`expected a notice, got ${outcome.code}: ${outcome.message}`);
  return outcome.notice;
}

function codes(notice: ParsedNotice): string[] {
  return notice.warnings.map((w) => w.code);
}

describe('parseAcnsXml', () => {
  it('reads an ACNS 1.2 notice (acns.net namespace) field by field', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-1.2-acns-net.xml')));
    expect(n.format).toBe('acns');
    expect(n.acnsVersion).toBe('1.2');
    expect(n.caseId).toBe('3458172960');
    expect(n.complainant).toEqual({
      entity: 'Northbridge Pictures LLC',
      contact: 'Rightsline Enforcement - Compliance',
      address: '1200 Example Avenue\nLos Angeles CA 90028\nUnited States of America',
      phone: '+1 (310) 555 0147',
      email: 'antipiracy@rightsline.example',
    });
    expect(n.owner).toBe('Northbridge Pictures LLC');
    expect(n.items).toHaveLength(1);
    expect(n.items[0]).toEqual({
      ip: '203.0.113.47',
      port: 51413,
      observedAt: new Date('2026-10-04T21:13:07Z'),
      observedAtRaw: '2026-10-04T21:13:07Z',
      protocol: 'BITTORRENT',
      application: 'uTorrent 3.5.5',
      type: 'P2P',
      title: 'The Long Road Home',
      fileName: 'The.Long.Road.Home.2026.1080p.WEB-DL.x264-GRP.mkv',
      fileSizeBytes: 1468006400,
      hash: '8c4adbf9ebe66f1a804fb6a4fb9b432a1aef9c5d',
      hashType: 'SHA1',
      peerId: null,
      dejaVu: 'No',
      numberFiles: 1,
      url: null,
    });
    expect(n.titles).toEqual(['The Long Road Home']);
    expect(n.text).toBe('Please see https://rightsline.example/notices/3458172960 for details.');
    expect(n.links).toEqual(['https://rightsline.example/notices/3458172960']);
    expect(n.warnings).toEqual([]);
  });

  it('reads ACNS 1.0 (movielabs namespace) with two Content items', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-1.0-movielabs-multi-item.xml')));
    expect(n.acnsVersion).toBe('1.0-1.1');
    expect(n.caseId).toBe('ML-2014-000981');
    expect(n.items).toHaveLength(1);
    expect(n.items[0].observedAt?.toISOString()).toBe('2014-06-11T08:41:22.000Z');
    expect(n.items[0].title).toBe('Deep Water Season 1 Episode 4');
    expect(n.items[0].protocol).toBe('BitTorrent');
    expect(n.items[0].application).toBe('qBittorrent v4.1.3');
    expect(n.titles).toEqual(['Deep Water Season 1 Episode 4', 'Deep Water Season 1 Episode 5']);
    expect(codes(n)).toEqual([]);
  });

  it('reads ACNS 0.7 without namespace, a GMT timestamp and a "176 MB" size', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-0.7-no-namespace.xml')));
    expect(n.acnsVersion).toBe('0.6-0.7');
    expect(n.items[0].ip).toBe('192.0.2.200');
    expect(n.items[0].port).toBe(22145);
    expect(n.items[0].observedAt?.toISOString()).toBe('2014-04-30T00:03:37.000Z');
    expect(n.items[0].fileSizeBytes).toBe(176 * 1024 * 1024);
    expect(codes(n)).toEqual(['namespace_missing', 'file_size_text']);
  });

  it('tolerates a prefixed root with a wrong namespace, IPv6 and .61Z', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-1.3-prefixed-wrong-ns.xml')));
    expect(n.caseId).toBe('CX-556210');
    expect(n.items[0].ip).toBe('2001:db8::1a');
    expect(n.items[0].observedAt?.toISOString()).toBe('2025-02-17T12:00:45.610Z');
    expect(codes(n)).toEqual(['namespace_unknown']);
  });

  it('escapes stray ampersands and converts a +02:00 offset', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-1.3-unescaped-amp.xml')));
    expect(n.complainant.entity).toBe('Tom & Jerry Productions & Co');
    expect(n.items[0].title).toBe('Cats & Mice: The Return');
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-03-01T08:15:30.000Z');
    expect(codes(n)).toEqual(['unescaped_ampersand']);
    expect(n.warnings[0].message).toMatch(/^3 /);
  });

  it('keeps entities and character references intact', () => {
    const xml = fixtureText('acns-1.2-acns-net.xml').replace(
      'The Long Road Home</Title>',
      'R&amp;D &#60;3 &#x263A; &lt;b&gt;</Title>',
    );
    const n = ok(parseAcnsXml(xml));
    expect(n.items[0].title).toBe('R&D <3 \u263A <b>');
    expect(codes(n)).toEqual([]);
  });

  it('closes a truncated notice when Source is complete', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-truncated.xml')));
    expect(n.caseId).toBe('5510042');
    expect(n.items[0].ip).toBe('203.0.113.9');
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-01-20T03:04:05.000Z');
    // The half-written FileSize is dropped, not read as "14".
    expect(n.items[0].fileSizeBytes).toBeNull();
    expect(codes(n)).toEqual(['truncated_xml']);
  });

  it('refuses a notice truncated before the essential Source fields', () => {
    const r = parseAcnsXml(fixtureText('acns-truncated-too-early.xml'));
    expect(r).toMatchObject({ ok: false, code: 'malformed_xml' });
    expect(!r.ok && r.message).toMatch(/Source\/IP_Address/);
  });

  it('refuses malformed XML in the middle with a line number', () => {
    const xml = fixtureText('acns-1.2-acns-net.xml').replace('</Port>', '</Prot>');
    const r = parseAcnsXml(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('malformed_xml');
      expect(r.line).toBe(23);
    }
  });

  it('keeps sizes above 2^31 exactly and warns', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-large-file.xml')));
    expect(n.items[0].fileSizeBytes).toBe(4831838208);
    expect(codes(n)).toEqual(['file_size_large']);
  });

  it('reads "176,000,000" as bytes', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-file-size-commas.xml')));
    expect(n.items[0].fileSizeBytes).toBe(176000000);
    expect(codes(n)).toEqual(['file_size_text']);
  });

  it('turns an empty Case/ID into null with a warning', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-empty-case-id.xml')));
    expect(n.caseId).toBeNull();
    expect(codes(n)).toEqual(['empty_case_id']);
  });

  it('drops InternalTracking entirely', () => {
    const r = parseAcnsXml(fixtureText('acns-internal-tracking.xml'));
    const json = JSON.stringify(r);
    expect(r.ok).toBe(true);
    expect(json).not.toMatch(/InternalTracking|ISP-SECRET-TICKET|jane\.doe|acct-00042/);
  });

  it.each([
    [
      'escaped in TextNotice',
      '<TextNotice>&lt;InternalTracking&gt;SECRET1&lt;/InternalTracking&gt;',
    ],
    [
      'as character references',
      '<TextNotice>&#60;InternalTracking&#62;SECRET1&#x3C;/InternalTracking&#x3e;',
    ],
    ['with a suffixed name', '<InternalTrackingId>SECRET1</InternalTrackingId><TextNotice>'],
  ])('drops InternalTracking %s', (_label, replacement) => {
    const xml = fixtureText('acns-1.2-acns-net.xml').replace('<TextNotice>', replacement);
    const r = parseAcnsXml(xml);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/InternalTracking|SECRET1/);
  });

  it('repairs a dashed timestamp with a warning', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-dashed-timestamp.xml')));
    expect(n.items[0].observedAt?.toISOString()).toBe('2015-05-06T05:00:00.000Z');
    expect(codes(n)).toEqual(['timestamp_repaired']);
  });

  it('maps "North American Eastern Time" through America/New_York in summer', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-named-zone-est.xml')));
    expect(n.items[0].observedAt?.toISOString()).toBe('2015-07-05T03:15:00.000Z');
  });

  it('keeps the item but refuses a timestamp without zone (VA-3)', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-no-zone.xml')));
    expect(n.items[0].observedAt).toBeNull();
    expect(n.items[0].observedAtRaw).toBe('2015-07-04 23:15:00');
    expect(n.items[0].timestampProblem).toBe('no_zone');
    expect(codes(n)).toEqual(['timestamp_no_zone']);
  });

  it('reads non-schema element names and lists them', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-nonschema-names.xml')));
    expect(n.items[0].ip).toBe('203.0.113.47');
    expect(n.items[0].fileSizeBytes).toBe(1468006400);
    expect(codes(n)).toEqual(['unknown_element']);
    expect(n.warnings[0].message).toContain('Source/IPAddress (read as IP_Address)');
    expect(n.warnings[0].message).toContain('Content/Item/File_Size (read as FileSize)');
    expect(n.warnings[0].message).toContain('Source/Torrent_Client_Rating');
  });

  it('reads XML on one line', () => {
    const n = ok(parseAcnsXml(fixtureText('acns-one-line.xml')));
    expect(n.caseId).toBe('8800123');
    expect(n.items[0].port).toBe(33001);
  });

  it('makes one item per Source, each with the first Item when counts differ', () => {
    const base = fixtureText('acns-1.2-acns-net.xml');
    const second = base
      .slice(base.indexOf('<Source>'), base.indexOf('</Source>') + 9)
      .replace('203.0.113.47', '::ffff:198.51.100.1');
    const two = base.replace('</Source>', `</Source>\n${second}`);
    const n = ok(parseAcnsXml(two));
    expect(n.items.map((i) => [i.ip, i.title])).toEqual([
      ['203.0.113.47', 'The Long Road Home'],
      ['198.51.100.1', 'The Long Road Home'],
    ]);
  });

  describe('security', () => {
    it('refuses a DOCTYPE with an external entity (XXE) before parsing', () => {
      const r = parseAcnsXml(fixtureText('xxe-external-entity.xml'));
      expect(r).toMatchObject({ ok: false, code: 'xml_doctype_forbidden' });
      expect(JSON.stringify(r)).not.toContain('root:');
    });

    it('refuses billion laughs', () => {
      expect(parseAcnsXml(fixtureText('billion-laughs.xml'))).toMatchObject({
        ok: false,
        code: 'xml_doctype_forbidden',
      });
    });

    it('refuses a lone ENTITY declaration and a lower-case doctype', () => {
      expect(parseAcnsXml('<!ENTITY a "b"><Infringement/>')).toMatchObject({
        code: 'xml_doctype_forbidden',
      });
      expect(parseAcnsXml('<!doctype x><Infringement/>')).toMatchObject({
        code: 'xml_doctype_forbidden',
      });
    });

    it('refuses oversize input, default 1 MiB and configurable', () => {
      const big = `<Infringement>${' '.repeat(1024 * 1024)}</Infringement>`;
      expect(parseAcnsXml(big)).toMatchObject({ ok: false, code: 'too_large' });
      expect(parseAcnsXml(fixtureText('acns-1.2-acns-net.xml'), { maxBytes: 100 })).toMatchObject({
        code: 'too_large',
      });
    });

    it('leaves undeclared named entities as text instead of expanding them', () => {
      const xml = fixtureText('acns-1.2-acns-net.xml').replace(
        'The Long Road Home</Title>',
        '&xxe;</Title>',
      );
      const n = ok(parseAcnsXml(xml));
      expect(n.items[0].title).toBe('&xxe;');
      expect(codes(n)).toEqual(['unescaped_ampersand']);
    });

    it('refuses text without an Infringement element', () => {
      expect(parseAcnsXml('<Foo><Bar/></Foo>')).toMatchObject({
        ok: false,
        code: 'no_notice_found',
      });
    });
  });
});
