import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parserFor } from './index';
import { collect, linesOf, openLines } from './line-source';

const flat = async (chunks: AsyncIterable<string[]>) => (await collect(chunks)).flat();

describe('openLines', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lease-lines-'));
    const text = '\uFEFFfirst\r\nsecond\n\nfourth';
    writeFileSync(join(dir, 'plain.log'), text);
    // Rotated logs are often gzipped without a .gz name: detection is by magic bytes.
    writeFileSync(join(dir, 'rotated.log.1'), gzipSync(text));
    writeFileSync(join(dir, 'broken.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    writeFileSync(
      join(dir, 'nfware.gz'),
      gzipSync('2026-10-04T21:00:00Z A VRF 0 INT 10.0.0.1 EXT 100.64.0.1:1024-1535\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams plain text, dropping BOM and CR', async () => {
    expect(await flat(openLines(join(dir, 'plain.log')))).toEqual([
      'first',
      'second',
      '',
      'fourth',
    ]);
  });

  it('gunzips by content', async () => {
    expect(await flat(openLines(join(dir, 'rotated.log.1')))).toEqual([
      'first',
      'second',
      '',
      'fourth',
    ]);
  });

  it('feeds a parser from a gzip file', async () => {
    const results = await collect(
      parserFor('cgnat-nfware')(openLines(join(dir, 'nfware.gz')), { timeZone: 'UTC' }),
    );
    expect(results).toEqual([
      expect.objectContaining({ type: 'port_block', insideIp: '10.0.0.1', lineNumber: 1 }),
    ]);
  });

  it('joins lines and multi-byte characters split across read chunks', async () => {
    // 64 KiB reads: 20,000 lines of 'é' plus digits cross many chunk edges.
    const lines = Array.from({ length: 20_000 }, (_, i) => `é${i}é`);
    writeFileSync(join(dir, 'long.log'), `${lines.join('\r\n')}\r\n`);
    expect(await flat(openLines(join(dir, 'long.log')))).toEqual(lines);
  });

  it('rejects on a corrupt gzip or a missing file', async () => {
    await expect(flat(openLines(join(dir, 'broken.gz')))).rejects.toThrow();
    await expect(flat(openLines(join(dir, 'missing.log')))).rejects.toThrow(/ENOENT/);
  });
});

describe('linesOf', () => {
  it('splits text without inventing a last empty line', async () => {
    expect(await collect(linesOf('a\r\nb\n'))).toEqual([['a', 'b']]);
    expect(await collect(linesOf(['x', '']))).toEqual([['x', '']]);
  });
});
