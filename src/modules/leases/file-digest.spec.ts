import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256OfFile } from './file-digest';

describe('sha256OfFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nr-digest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes the whole file on its own thread', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 'lease line\n');
    const path = join(dir, 'leases.log');
    writeFileSync(path, body);
    await expect(sha256OfFile(path)).resolves.toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('rejects, naming the cause, when the file cannot be read', async () => {
    await expect(sha256OfFile(join(dir, 'missing.log'))).rejects.toThrow(/ENOENT/);
  });
});
