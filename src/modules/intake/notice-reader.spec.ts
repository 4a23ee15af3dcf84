import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntakeError } from './intake.errors';
import { NOTICE_MEDIA_TYPES, readNoticeBody } from './notice-reader';
import { senderAddressOf } from './notice-submission.service';

const fixture = (name: string): Buffer =>
  readFileSync(join(__dirname, '../../../test/fixtures/notices', name));
const MAX = 10 * 1024 * 1024;

const own = {
  caseId: 'C-1',
  owner: 'Northbridge Pictures LLC',
  title: 'The Long Road Home',
  items: [
    { ip: '203.0.113.7', port: 51413, observedAt: '2026-10-04T21:13:07Z', protocol: 'BitTorrent' },
  ],
};

async function refusal(body: Buffer, type: string): Promise<IntakeError> {
  try {
    await readNoticeBody(body, type, MAX);
  } catch (err) {
    if (err instanceof IntakeError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('readNoticeBody', () => {
  it('reads our JSON schema into parsed items, keeping a zone-less time for the policy to refuse', async () => {
    const body = {
      ...own,
      items: [...own.items, { ...own.items[0], observedAt: '2026-10-04 21:13:07' }],
    };
    const r = await readNoticeBody(Buffer.from(JSON.stringify(body)), 'application/json', MAX);
    expect(r.sourceFormat).toBe('json');
    expect(r.parsed.items[0]).toMatchObject({
      ip: '203.0.113.7',
      port: 51413,
      protocol: 'BitTorrent',
    });
    expect(r.parsed.items[0].observedAt?.toISOString()).toBe('2026-10-04T21:13:07.000Z');
    expect(r.parsed.items[1]).toMatchObject({ observedAt: null, timestampProblem: 'no_zone' });
  });

  it('recognises X-ARF v4 sent as JSON', async () => {
    const r = await readNoticeBody(fixture('xarf4-copyright-p2p.json'), 'application/json', MAX);
    expect(r.sourceFormat).toBe('xarf4');
  });

  it('names the failing fields of our schema', async () => {
    const e = await refusal(
      Buffer.from(JSON.stringify({ ...own, items: [{ ip: '1.2.3', observedAt: 5 }], extra: true })),
      'application/json',
    );
    expect(e.kind).toBe('invalid');
    expect(e.fields.map((f) => f.field).sort()).toEqual([
      'extra',
      'items.0.ip',
      'items.0.observedAt',
      'items.0.protocol',
    ]);
  });

  it('names the line of broken JSON', async () => {
    const e = await refusal(Buffer.from('{\n"caseId": "x",\n"items": [\n}\n'), 'application/json');
    expect(e.fields[0].field).toBe('body line 4');
  });

  it('refuses DOCTYPE, unknown media types and empty bodies', async () => {
    expect((await refusal(fixture('billion-laughs.xml'), 'application/xml')).code).toBe(
      'xml_doctype_forbidden',
    );
    expect((await refusal(Buffer.from('x'), 'text/plain')).kind).toBe('unsupported');
    expect((await refusal(Buffer.alloc(0), 'application/xml')).kind).toBe('invalid');
  });

  // Property: whatever arrives, the reader answers with a notice or a 4xx-kind IntakeError.
  it('never fails otherwise on arbitrary bodies of any accepted type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
          fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s)),
          fc.json().map((s) => Buffer.from(s)),
          fc
            .record({
              caseId: fc.oneof(fc.string(), fc.integer()),
              owner: fc.string(),
              items: fc.array(
                fc.record({
                  ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
                  port: fc.oneof(fc.integer(), fc.string()),
                  observedAt: fc.oneof(
                    fc.date().map((d) => (Number.isNaN(d.getTime()) ? '' : d.toISOString())),
                    fc.string(),
                  ),
                  protocol: fc.string(),
                }),
                { maxLength: 5 },
              ),
            })
            .map((o) => Buffer.from(JSON.stringify(o))),
        ),
        fc.constantFrom(...NOTICE_MEDIA_TYPES),
        async (body, type) => {
          try {
            const r = await readNoticeBody(body, type, MAX);
            expect(Array.isArray(r.parsed.items)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(IntakeError);
            expect(['invalid', 'too_large', 'unsupported']).toContain((err as IntakeError).kind);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('senderAddressOf', () => {
  it.each([
    [
      'From: Rightsline <Notices@Rightsline.example>\r\nTo: a@b\r\n\r\nbody',
      'notices@rightsline.example',
    ],
    ['To: a@b\nFrom:\n  plain@vendor.example\n\nbody', 'plain@vendor.example'],
    ['To: a@b\n\nFrom: late@body.example', null],
    ['From: "Doe, Jane (Vendor)" <jane@vendor.example>\n\n', 'jane@vendor.example'],
    ['From: notices@vendor.example (Notices, desk)\n\n', 'notices@vendor.example'],
    ['From: Agents: <First@Agent.example>, second@agent.example;\n\n', 'first@agent.example'],
    ['From: Undisclosed recipients:;\n\n', null],
    // An address inside the quoted display name is not the sender's.
    ['From: "Notices <desk@known.example>" <other@vendor.example>\n\n', 'other@vendor.example'],
  ])('%j -> %j', (raw, expected) => {
    expect(senderAddressOf(Buffer.from(raw))).toBe(expected);
  });
});
