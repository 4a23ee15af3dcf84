import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

// Streams a file line by line in constant memory, gunzipping when the content (not the name)
// says gzip, since rotated logs are often compressed without a .gz suffix. CRLF and a UTF-8 BOM
// are dropped; a missing file or corrupt gzip rejects from the iterator.
export async function* openLines(path: string): AsyncGenerator<string> {
  const gzip = await isGzip(path);
  const file = createReadStream(path);
  const source: Readable = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (err) => source.destroy(err));
  const reader = createInterface({ input: source, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const line of reader) {
      yield first ? line.replace(/^\uFEFF/, '') : line;
      first = false;
    }
  } finally {
    reader.close();
    file.destroy();
    source.destroy();
  }
}

// Lines from text already in memory (uploads, tests).
export async function* linesOf(text: string | readonly string[]): AsyncGenerator<string> {
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : text;
  // A trailing newline does not start another line.
  const count =
    typeof text === 'string' && lines.length > 0 && lines[lines.length - 1] === ''
      ? lines.length - 1
      : lines.length;
  for (let i = 0; i < count; i++) yield lines[i];
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
