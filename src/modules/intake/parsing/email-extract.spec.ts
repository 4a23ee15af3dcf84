import { readFileSync } from 'fs';
import { join } from 'path';
import { extractFromEmail } from './email-extract';
import type { ParsedNotice, ParseOutcome } from './parsed-notice';

const fixture = (name: string): Buffer =>
  readFileSync(join(__dirname, '../../../../test/fixtures/notices', name));

function ok(outcome: ParseOutcome): ParsedNotice {
  if (!outcome.ok) throw new Error(`expected a notice, got ${outcome.code}: ${outcome.message}`);
  return outcome.notice;
}

const codes = (n: ParsedNotice): string[] => n.warnings.map((w) => w.code);

// Every embedding of the same IP-Echelon-style notice must give the same facts.
const SAME_NOTICE = [
  'email-pgp-inline-markers.eml',
  'email-double-dash-escaped.eml',
  'email-attachment-only.eml',
  'email-quoted-forward.eml',
  'email-indented.eml',
  'email-nested-rfc822.eml',
  'email-quoted-printable.eml',
];

describe('extractFromEmail', () => {
  it.each(SAME_NOTICE)('finds the ACNS notice in %s', async (name) => {
    const n = ok(await extractFromEmail(fixture(name)));
    expect(n.format).toBe('acns');
    expect(n.acnsVersion).toBe('1.2');
    expect(n.caseId).toBe('3458172960');
    expect(n.items).toHaveLength(1);
    expect(n.items[0].ip).toBe('203.0.113.47');
    expect(n.items[0].port).toBe(51413);
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-10-04T21:13:07.000Z');
    expect(n.items[0].protocol).toBe('BITTORRENT');
    expect(n.items[0].title).toBe('The Long Road Home');
    expect(n.items[0].fileSizeBytes).toBe(1468006400);
    expect(n.complainant.entity).toBe('Northbridge Pictures LLC');
    expect(codes(n)).toEqual([]);
    // The human text keeps the letter and loses the XML, markers and PGP armour.
    expect(n.text).toContain('Under penalty of perjury');
    expect(n.text).not.toMatch(/<Infringement|ACNS XML|BEGIN PGP|END PGP|^Hash:/m);
    expect(n.links).toContain('https://rightsline.example/faq');
  });

  it('keeps the forwarding note in the text of a nested message', async () => {
    const n = ok(await extractFromEmail(fixture('email-nested-rfc822.eml')));
    expect(n.text).toMatch(/^Forwarded as attachment by the helpdesk/);
    expect(n.text).toContain('Dear Sir or Madam');
  });

  it('decodes quoted-printable left undecoded by a forward that lost its header', async () => {
    const qp = fixture('email-quoted-printable.eml').toString('latin1');
    const lost = qp.replace(/Content-Transfer-Encoding: quoted-printable\r\n/, '');
    expect(lost).not.toBe(qp);
    const n = ok(await extractFromEmail(Buffer.from(lost, 'latin1')));
    expect(n.caseId).toBe('3458172960');
    expect(n.items[0].ip).toBe('203.0.113.47');
    expect(codes(n)).toEqual(['quoted_printable_decoded']);
  });

  it('prefers the attachment when the XML is both inline and attached', async () => {
    const n = ok(await extractFromEmail(fixture('email-inline-and-attached.eml')));
    expect(n.caseId).toBe('3458172960');
    expect(codes(n)).toEqual(['both_inline_and_attached']);
    expect(n.text).not.toContain('<Infringement');
  });

  it('warns when inline and attached XML disagree, and uses the attachment', async () => {
    const n = ok(await extractFromEmail(fixture('email-inline-attached-disagree.eml')));
    expect(n.items[0].ip).toBe('203.0.113.47');
    expect(codes(n)).toEqual(['both_inline_and_attached', 'text_xml_disagree']);
  });

  it('warns when the letter names another IP than the XML', async () => {
    const n = ok(await extractFromEmail(fixture('email-text-disagree.eml')));
    expect(n.items[0].ip).toBe('203.0.113.47');
    expect(codes(n)).toEqual(['text_xml_disagree']);
    expect(n.warnings[0].message).toContain('203.0.113.99');
  });

  it('decodes an iso-8859-1 body', async () => {
    const n = ok(await extractFromEmail(fixture('email-iso-8859-1.eml')));
    expect(n.caseId).toBe('TMG-2026-0042');
    expect(n.complainant.entity).toBe('Société des Producteurs Phonographiques');
    expect(n.items[0].title).toBe("Chanson d'été");
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-02-11T09:30:12.000Z');
    expect(n.text).toContain('constaté');
    expect(codes(n)).toEqual([]);
  });

  it('repairs UTF-8 mislabelled as iso-8859-1 (mojibake) and warns', async () => {
    const n = ok(await extractFromEmail(fixture('email-mojibake.eml')));
    expect(n.complainant.entity).toBe('Société des Producteurs Phonographiques');
    expect(n.text).toContain('constaté');
    expect(n.text).not.toContain('Ã©');
    expect(codes(n)).toEqual(['mojibake_repaired']);
  });

  it('reads XML written on one line inside the body', async () => {
    const n = ok(await extractFromEmail(fixture('email-one-line-xml.eml')));
    expect(n.caseId).toBe('8800123');
    expect(n.items[0].ip).toBe('198.51.100.77');
    expect(n.items[0].port).toBe(33001);
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-05-02T14:22:09.000Z');
  });

  it('keeps settlement wording and payment links in text and links for screening', async () => {
    const n = ok(await extractFromEmail(fixture('email-settlement-offer.eml')));
    expect(n.text).toContain('To settle this matter for $300');
    expect(n.links).toEqual([
      'https://rightsline.example/faq',
      'https://settle.rightsline.example/pay?case=3458172960',
    ]);
  });

  it('reads an X-ARF v4 JSON attachment', async () => {
    const n = ok(await extractFromEmail(fixture('email-xarf4.eml')));
    expect(n.format).toBe('xarf4');
    expect(n.items[0].ip).toBe('203.0.113.150');
    expect(n.items[0].port).toBe(6881);
    expect(n.text).toBe('This is an X-ARF v4 copyright report. See the attached JSON.');
    expect(JSON.stringify(n)).not.toContain('CPA-INTERNAL-9981');
  });

  it('reads an X-ARF 0.2 report.txt attachment', async () => {
    const n = ok(await extractFromEmail(fixture('email-xarf02.eml')));
    expect(n.format).toBe('xarf02');
    expect(n.caseId).toBe('CPA-02-118822');
    expect(n.items[0].ip).toBe('198.51.100.140');
    expect(n.items[0].port).toBe(51000);
    expect(n.items[0].observedAt?.toISOString()).toBe('2026-09-14T17:02:33.000Z');
  });

  it('says what it looked for when there is no structured notice', async () => {
    const r = await extractFromEmail(fixture('email-no-notice.eml'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('no_notice_found');
      expect(r.message).toMatch(/ACNS XML.*X-ARF v4.*X-ARF 0\.2/);
    }
  });

  it('refuses the whole message when an attachment carries a DOCTYPE', async () => {
    expect(await extractFromEmail(fixture('email-xxe-attachment.eml'))).toMatchObject({
      ok: false,
      code: 'xml_doctype_forbidden',
    });
  });

  it('refuses an oversize message', async () => {
    const r = await extractFromEmail(fixture('email-pgp-inline-markers.eml'), { maxBytes: 1000 });
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('never lets InternalTracking through an e-mail', async () => {
    const xml = readFileSync(
      join(__dirname, '../../../../test/fixtures/notices/acns-internal-tracking.xml'),
      'utf8',
    );
    const raw = Buffer.from(`From: a@b.example\r\nSubject: n\r\n\r\nSee below.\r\n${xml}`);
    const r = await extractFromEmail(raw);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/InternalTracking|ISP-SECRET-TICKET|jane\.doe/);
  });
});
