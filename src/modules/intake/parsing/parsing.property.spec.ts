import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAcnsXml } from './acns-xml.parser';
import { extractFromEmail } from './email-extract';
import { canonicalIp } from './field-values';
import type { ParseOutcome, ParseRefusalCode } from './parsed-notice';
import { sniffAndParse } from './sniff-and-parse';

const fixture = (name: string): Buffer =>
  readFileSync(join(__dirname, '../../../../test/fixtures/notices', name));

const REFUSALS: ParseRefusalCode[] = [
  'xml_doctype_forbidden',
  'too_large',
  'no_notice_found',
  'malformed_xml',
  'malformed_json',
  'malformed_email',
  'unsupported_format',
];

function expectWellFormed(r: ParseOutcome): void {
  if (r.ok) {
    expect(Array.isArray(r.notice.items)).toBe(true);
    expect(typeof r.notice.text).toBe('string');
    for (const item of r.notice.items) {
      if (item.ip !== null) expect(canonicalIp(item.ip)).toBe(item.ip);
      if (item.observedAt !== null) expect(Number.isNaN(item.observedAt.getTime())).toBe(false);
      if (item.port !== null) expect(item.port >= 1 && item.port <= 65535).toBe(true);
    }
    for (const w of r.notice.warnings) expect(w.message.length).toBeGreaterThan(0);
  } else {
    expect(REFUSALS).toContain(r.code);
    expect(r.message.length).toBeGreaterThan(0);
  }
}

const validXml = fixture('acns-1.2-acns-net.xml').toString('utf8');
const validEmail = fixture('email-pgp-inline-markers.eml');
const attachedEmail = fixture('email-inline-and-attached.eml');

// Pieces that steer random strings toward the parser's interesting paths.
const xmlSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<Infringement>', '</Infringement>', '<Source>', '</Source>', '<IP_Address>', '</IP_Address>',
        '<TimeStamp>', '</TimeStamp>', '&', '&amp;', '&#60;', '&#xD800;', '<![CDATA[', ']]>', '<!--',
        '-->', '<?xml version="1.0"?>', '<a:Infringement xmlns:a="x">', '<InternalTracking>', '"', '<',
        '>', '/>', '192.0.2.1', '2026-10-04T21:13:07Z', '\u0000', '\uFFFF', 'Ã©',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join('')); // prettier-ignore

function flipBytes(bytes: Buffer, flips: Array<[number, number]>): Buffer {
  const copy = Buffer.from(bytes);
  for (const [at, value] of flips) copy[at % copy.length] = value;
  return copy;
}

const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
  minLength: 1,
  maxLength: 8,
});

describe('parsers never throw', () => {
  it('parseAcnsXml on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), xmlSoup), (s) => {
        expectWellFormed(parseAcnsXml(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('parseAcnsXml on truncations and byte flips of a valid notice', () => {
    const bytes = Buffer.from(validXml);
    fc.assert(
      fc.property(fc.nat({ max: validXml.length }), flips, fc.boolean(), (cut, f, flip) => {
        const text = flip ? flipBytes(bytes, f).toString('utf8') : validXml.slice(0, cut);
        expectWellFormed(parseAcnsXml(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('extractFromEmail on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        expectWellFormed(await extractFromEmail(Buffer.from(bytes)));
      }),
      { numRuns: 200 },
    );
  });

  it('extractFromEmail on truncations and byte flips of valid messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(validEmail, attachedEmail),
        fc.nat(),
        flips,
        fc.boolean(),
        async (mail, cut, f, flip) => {
          const bytes = flip ? flipBytes(mail, f) : mail.subarray(0, cut % (mail.length + 1));
          expectWellFormed(await extractFromEmail(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sniffAndParse on arbitrary bytes and content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)),
          xmlSoup.map((s) => Buffer.from(s)),
        ),
        fc.option(
          fc.constantFrom(
            'application/xml',
            'message/rfc822',
            'application/json',
            'text/plain',
            ';;',
          ),
        ),
        async (body, type) => {
          expectWellFormed(await sniffAndParse(body, type ?? undefined));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('InternalTracking never survives', () => {
  // Insertion points: after each top-level element of the valid notice.
  const anchors = ['</Case>', '</Complainant>', '</Source>', '</Content>', '<Content>', '</Item>'];
  const trackingElement = fc
    .record({
      secret: fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `SECRET${s}`),
      prefix: fc.constantFrom('', 'acns:', 'x:'),
      attrs: fc.constantFrom('', ' id="7"', ' xmlns="urn:isp"'),
      shape: fc.constantFrom('plain', 'nested', 'url', 'cdata'),
      escaped: fc.boolean(),
    })
    .map(({ secret, prefix, attrs, shape, escaped }) => {
      // Escaped, the whole element is text inside a TextNotice and decodes back to markup.
      const open = `<${prefix}InternalTracking${attrs}>`;
      const close = `</${prefix}InternalTracking>`;
      const body =
        shape === 'nested'
          ? `<Ticket>${secret}</Ticket>${open}<Inner>${secret}</Inner>${close}<Note>${secret}</Note>`
          : shape === 'url'
            ? `<Link>https://crm.isp.example/t/${secret}</Link>`
            : shape === 'cdata'
              ? `<![CDATA[${secret}]]>`
              : `<Subscriber>${secret}</Subscriber>`;
      const xml = `${open}${body}${close}`;
      if (!escaped) return { secret, xml };
      const text = xml.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return { secret, xml: `<TextNotice>${text}</TextNotice>` };
    });

  function leaks(r: ParseOutcome, secret: string): boolean {
    const json = JSON.stringify(r);
    return json.includes('InternalTracking') || json.includes(secret);
  }

  it('from ACNS XML, whole or truncated anywhere', () => {
    fc.assert(
      fc.property(
        trackingElement,
        fc.constantFrom(...anchors),
        fc.option(fc.nat()),
        ({ secret, xml }, anchor, cut) => {
          const doc = validXml.replace(anchor, `${anchor}${xml}`);
          const text = cut === null ? doc : doc.slice(0, cut % (doc.length + 1));
          const r = parseAcnsXml(text);
          expectWellFormed(r);
          expect(leaks(r, secret)).toBe(false);
          if (cut === null) expect(r.ok).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('from an e-mail carrying it inline', async () => {
    await fc.assert(
      fc.asyncProperty(
        trackingElement,
        fc.constantFrom(...anchors),
        async ({ secret, xml }, anchor) => {
          const doc = validXml.replace(anchor, `${anchor}${xml}`);
          const mail = Buffer.from(
            `From: n@rights.example\r\nSubject: notice\r\n\r\nSee below.\r\n\r\n${doc}`,
          );
          const r = await extractFromEmail(mail);
          expect(r.ok).toBe(true);
          expect(leaks(r, secret)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
