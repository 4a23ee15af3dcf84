import { readFileSync } from 'fs';
import { join } from 'path';
import { sniffAndParse } from './sniff-and-parse';

const fixture = (name: string): Buffer =>
  readFileSync(join(__dirname, '../../../../test/fixtures/notices', name));

describe('sniffAndParse', () => {
  it.each([
    ['acns-1.2-acns-net.xml', 'application/xml; charset=utf-8', 'acns'],
    ['acns-1.2-acns-net.xml', 'text/xml', 'acns'],
    ['acns-1.2-acns-net.xml', undefined, 'acns'],
    ['email-pgp-inline-markers.eml', 'message/rfc822', 'acns'],
    ['email-pgp-inline-markers.eml', undefined, 'acns'],
    ['email-xarf4.eml', 'application/octet-stream', 'xarf4'],
    ['xarf4-copyright-p2p.json', 'application/json', 'xarf4'],
    ['xarf4-copyright-p2p.json', undefined, 'xarf4'],
    ['xarf02-report.txt', 'text/plain', 'xarf02'],
  ])('dispatches %s sent as %s to %s', async (name, type, format) => {
    const r = await sniffAndParse(fixture(name), type);
    expect(r.ok && r.notice.format).toBe(format);
  });

  it('reads a bare text body with ACNS XML inside', async () => {
    const body = Buffer.from(
      `Dear ISP,\n\nsee below.\n\n${fixture('acns-one-line.xml').toString()}\n`,
    );
    const r = await sniffAndParse(body, 'text/plain');
    expect(r.ok && r.notice.caseId).toBe('8800123');
  });

  it('leaves our own JSON schema to the API', async () => {
    const r = await sniffAndParse(Buffer.from('{"ip":"192.0.2.1"}'), 'application/json');
    expect(r).toMatchObject({ ok: false, code: 'unsupported_format' });
    expect(await sniffAndParse(Buffer.from('{"ip":'), 'application/json')).toMatchObject({
      code: 'malformed_json',
    });
  });

  it('refuses an XXE document whatever the declared type', async () => {
    for (const type of ['application/xml', undefined, 'text/plain']) {
      expect(await sniffAndParse(fixture('xxe-external-entity.xml'), type)).toMatchObject({
        ok: false,
        code: 'xml_doctype_forbidden',
      });
    }
  });

  it('refuses what it cannot recognise', async () => {
    expect(await sniffAndParse(Buffer.from('just words'), undefined)).toMatchObject({
      ok: false,
      code: 'unsupported_format',
    });
  });
});
