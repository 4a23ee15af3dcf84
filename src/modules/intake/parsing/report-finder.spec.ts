import { extractFromEmail } from './email-extract';
import type { ParsedNotice, ParseOutcome } from './parsed-notice';

// One ACNS report per infringement, written by us in the shape vendors use.
function report(caseId: string, ip: string, opts: { ns?: string; itemTag?: string } = {}): string {
  const ns = opts.ns ?? ' xmlns="http://www.acns.net/ACNS"';
  const item = opts.itemTag ?? 'Item';
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Infringement${ns}>`,
    `  <Case><ID>${caseId}</ID></Case>`,
    '  <Complainant><Entity>Northbridge Pictures LLC</Entity><Email>n@vendor.example</Email></Complainant>',
    '  <Source>',
    '    <TimeStamp>2026-10-04T21:13:07Z</TimeStamp>',
    `    <IP_Address>${ip}</IP_Address>`,
    '    <Port>51413</Port>',
    '    <SubType BaseType="P2P" Protocol="BITTORRENT"/>',
    '  </Source>',
    `  <Content><${item}><Title>The Long Road Home</Title></${item}></Content>`,
    '</Infringement>',
  ].join('\r\n');
}

const HEAD =
  'From: n@vendor.example\r\nTo: abuse@isp.example\r\nSubject: notice\r\nMIME-Version: 1.0\r\n';

function multipart(parts: string[]): Buffer {
  const body = parts.map((p) => `--B\r\n${p}\r\n`).join('') + '--B--\r\n';
  return Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="B"\r\n\r\n${body}`);
}

function b64(text: string): string {
  return (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

function forward(inner: Buffer, level: number): Buffer {
  const b = `F${level}`;
  return Buffer.from(
    `From: helpdesk@upstream.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain\r\n\r\n` +
      `Forwarded as evidence.\r\n--${b}\r\nContent-Type: message/rfc822\r\n` +
      `Content-Disposition: attachment; filename="evidence.eml"\r\n\r\n${inner.toString('latin1')}\r\n--${b}--\r\n`,
    'latin1',
  );
}

function ok(o: ParseOutcome): ParsedNotice {
  if (!o.ok) throw new Error(`expected a notice, got ${o.code}: ${o.message}`);
  return o.notice;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('finding the report wherever it sits', () => {
  const plain = (name: string, raw: Buffer) => [name, raw] as const;
  const cases = [
    plain(
      'a text/plain attachment',
      multipart([`Content-Type: text/plain; name="notice.txt"\r\nContent-Disposition: attachment; filename="notice.txt"\r\n\r\n${report('C1', '203.0.113.47')}`]),
    ),
    plain(
      'an octet-stream attachment in base64',
      multipart([`Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="evidence.bin"\r\n\r\n${b64(report('C1', '203.0.113.47'))}`]),
    ),
    plain(
      'an HTML part, escaped',
      multipart([`Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Dear ISP,</p><pre>${escapeHtml(report('C1', '203.0.113.47'))}</pre></body></html>`]),
    ),
    plain(
      'an HTML part, not escaped',
      multipart([`Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><div>Dear ISP,</div><div>${report('C1', '203.0.113.47').replace(/\r\n/g, '<br>')}</div></body></html>`]),
    ),
    plain(
      'behind "> " quoting, quoted-printable',
      multipart([`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSee below.\r\n${report('C1', '203.0.113.47').split('\r\n').map((l) => `> ${l}`.replace(/=/g, '=3D')).join('\r\n')}`]),
    ),
    plain(
      'a message/rfc822 nested four deep',
      forward(forward(forward(forward(Buffer.from(`${HEAD}Content-Type: text/plain\r\n\r\n${report('C1', '203.0.113.47')}`), 1), 2), 3), 4),
    ),
  ]; // prettier-ignore

  it.each(cases)('reads it from %s', async (_name, raw) => {
    const n = ok(await extractFromEmail(raw));
    expect(n.items).toHaveLength(1);
    expect(n.caseId).toBe('C1');
    expect(n.items[0]).toMatchObject({ ip: '203.0.113.47', port: 51413, protocol: 'BITTORRENT' });
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-10-04T21:13:07.000Z');
  });
});

describe('several reports in one message', () => {
  it('makes every report its own item with its own case id', async () => {
    const raw = multipart([
      `Content-Type: text/plain\r\n\r\nThree infringements.\r\n${report('C1', '203.0.113.1')}\r\n\r\n${report('C2', '203.0.113.2')}`,
      `Content-Type: application/xml\r\nContent-Disposition: attachment; filename="c3.xml"\r\n\r\n${report('C3', '203.0.113.3')}`,
    ]);
    const n = ok(await extractFromEmail(raw));
    expect(n.items.map((i) => [i.caseId, i.ip])).toEqual([
      ['C3', '203.0.113.3'],
      ['C1', '203.0.113.1'],
      ['C2', '203.0.113.2'],
    ]);
    expect(n.warnings.map((w) => w.code)).toContain('several_reports');
  });

  // The invariant: k reports found, k items out, each either read or carrying its refusal.
  it.each([1, 2, 3, 5])('keeps every one of %i reports, damaged ones as refusals', async (k) => {
    const reports = Array.from({ length: k }, (_, n) =>
      n % 2 === 1
        ? `-----Start ACNS XML\r\n<Infringement><Case><ID>D${n}</ID></Case><Source><IP_Address>203.0.113.${n}</IP_Address></Sourc></Infringement>\r\n-----End ACNS XML`
        : report(`K${n}`, `203.0.113.${n}`),
    );
    const raw = Buffer.from(
      `${HEAD}Content-Type: text/plain\r\n\r\n${reports.join('\r\n\r\n')}\r\n`,
    );
    const out = await extractFromEmail(raw);
    const damaged = Math.floor(k / 2);
    if (k === 1) {
      expect(ok(out).items).toHaveLength(1);
      return;
    }
    const n = ok(out);
    expect(n.items).toHaveLength(k);
    const refused = n.items.filter((i) => i.readRefusal !== undefined);
    expect(refused).toHaveLength(damaged);
    for (const r of refused) {
      expect(r.readRefusal?.code).toBe('malformed_xml');
      expect(r.caseId).toMatch(/^D\d$/);
    }
    expect(new Set(n.items.map((i) => i.report?.index)).size).toBe(k);
  });

  it('counts one report attached and pasted as one', async () => {
    const xml = report('C9', '203.0.113.9');
    const raw = multipart([
      `Content-Type: text/plain\r\n\r\n${xml}`,
      `Content-Type: text/xml\r\nContent-Disposition: attachment; filename="n.xml"\r\n\r\n${xml}`,
    ]);
    const n = ok(await extractFromEmail(raw));
    expect(n.items).toHaveLength(1);
    expect(n.warnings.map((w) => w.code)).toContain('both_inline_and_attached');
  });
});

describe('variants', () => {
  it('reads Content_Item, lower-case names and a wrong namespace', async () => {
    const xml = report('V1', '203.0.113.5', {
      ns: ' xmlns="urn:example:wrong"',
      itemTag: 'Content_Item',
    })
      .replace('<Infringement', '<infringement')
      .replace('</Infringement>', '</infringement>');
    const n = ok(await extractFromEmail(Buffer.from(`${HEAD}\r\n${xml}`)));
    expect(n.items[0].title).toBe('The Long Road Home');
    expect(n.items[0].ip).toBe('203.0.113.5');
    expect(n.warnings.map((w) => w.code)).toContain('namespace_unknown');
  });

  it('takes an empty <ID/> from the "Notice ID:" line, marked as from the text', async () => {
    const xml = report('X', '203.0.113.5').replace('<ID>X</ID>', '<ID/>');
    const raw = Buffer.from(`${HEAD}\r\nNotice ID: NB-2026-7781\r\n\r\n${xml}`);
    const n = ok(await extractFromEmail(raw));
    expect(n.caseId).toBe('NB-2026-7781');
    expect(n.caseIdSource).toBe('text');
    expect(n.warnings.map((w) => w.code)).toContain('case_id_from_text');
  });

  it('reads a truncated report from its complete Source and records the damage', async () => {
    const xml = report('T1', '203.0.113.5').split('<Content>')[0] + '<Content><Item><Tit';
    const n = ok(await extractFromEmail(Buffer.from(`${HEAD}\r\nNotice ID: T1\r\n${xml}`)));
    expect(n.items[0].ip).toBe('203.0.113.5');
    expect(n.repaired?.damage.join(' ')).toMatch(/truncated_xml: XML ended early; closed/);
  });

  it('refuses a zone-less time with timestamp_zone quoting it', async () => {
    const xml = report('Z1', '203.0.113.5').replace('2026-10-04T21:13:07Z', '03/02/2020 00:01:38');
    const n = ok(await extractFromEmail(Buffer.from(`${HEAD}\r\n${xml}`)));
    expect(n.items[0].observedAt).toBeNull();
    expect(n.items[0].timestampProblem).toBe('no_zone');
    expect(n.items[0].observedAtRaw).toBe('03/02/2020 00:01:38');
  });
});
