import { readFileSync } from 'fs';
import { join } from 'path';
import type { ParsedNotice, ParseOutcome } from './parsed-notice';
import { parseXarf02Report, parseXarf4Json } from './xarf.parser';

const fixtureText = (name: string): string =>
  readFileSync(join(__dirname, '../../../../test/fixtures/notices', name), 'utf8');

function ok(outcome: ParseOutcome): ParsedNotice {
  if (!outcome.ok) throw new Error(`expected a notice, got ${outcome.code}: ${outcome.message}`);
  return outcome.notice;
}

describe('parseXarf4Json', () => {
  it('reads a copyright/p2p report', () => {
    const n = ok(parseXarf4Json(fixtureText('xarf4-copyright-p2p.json')));
    expect(n.format).toBe('xarf4');
    expect(n.caseId).toBe('6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f');
    expect(n.owner).toBe('Harbor Light Studios');
    expect(n.complainant).toEqual({
      entity: 'Content Protection Agency',
      contact: null,
      address: null,
      phone: null,
      email: 'reports@cpa.example',
    });
    expect(n.items).toEqual([
      {
        ip: '203.0.113.150',
        port: 6881,
        observedAt: new Date('2026-09-14T17:02:33Z'),
        observedAtRaw: '2026-09-14T17:02:33Z',
        protocol: 'bittorrent',
        application: 'uTorrent 3.5.5',
        type: 'p2p',
        title: 'Quiet Harbour',
        fileName: 'Quiet.Harbour.2026.2160p.WEB.mkv',
        fileSizeBytes: 15032385536,
        hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        hashType: 'SHA1',
        peerId: '-UT3550-abcdefghijkl',
        dejaVu: null,
        numberFiles: null,
        url: null,
      },
    ]);
    expect(n.links).toEqual(['https://cpa.example/evidence/6f1c2d3e']);
    expect(n.warnings.map((w) => w.code)).toEqual(['file_size_large']);
  });

  it('never carries the _internal block', () => {
    const r = parseXarf4Json(fixtureText('xarf4-copyright-p2p.json'));
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('CPA-INTERNAL-9981');
  });

  it('refuses malformed JSON, non-X-ARF JSON and other categories', () => {
    expect(parseXarf4Json('{"xarf_version": "4.0.0",')).toMatchObject({ code: 'malformed_json' });
    expect(parseXarf4Json('{"notice": 1}')).toMatchObject({ code: 'unsupported_format' });
    expect(
      parseXarf4Json(
        '{"xarf_version":"4.0.0","category":"messaging","source_identifier":"192.0.2.1"}',
      ),
    ).toMatchObject({ code: 'unsupported_format' });
  });

  it('keeps an item with a refused timestamp rather than guessing', () => {
    const doc = JSON.parse(fixtureText('xarf4-copyright-p2p.json')) as Record<string, unknown>;
    doc.timestamp = '2026-09-14 17:02:33';
    const n = ok(parseXarf4Json(JSON.stringify(doc)));
    expect(n.items[0].observedAt).toBeNull();
    expect(n.items[0].timestampProblem).toBe('no_zone');
  });
});

describe('parseXarf02Report', () => {
  it('reads report.txt', () => {
    const n = ok(parseXarf02Report(fixtureText('xarf02-report.txt')));
    expect(n.format).toBe('xarf02');
    expect(n.caseId).toBe('CPA-02-118822');
    expect(n.complainant.email).toBe('notices@cpa.example');
    expect(n.items[0]).toMatchObject({
      ip: '198.51.100.140',
      port: 51000,
      protocol: 'bittorrent',
      type: 'copyright',
      title: 'Quiet Harbour',
    });
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-09-14T17:02:33.000Z');
    expect(n.warnings).toEqual([]);
  });

  it('refuses text without report fields', () => {
    expect(parseXarf02Report('Hello\nworld')).toMatchObject({ ok: false, code: 'no_notice_found' });
  });
});
