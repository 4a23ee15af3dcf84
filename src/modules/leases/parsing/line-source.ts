import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
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

// Streams a file's lines in constant memory, gunzipping when the content (not the name) says
// gzip, since rotated logs are often compressed without a .gz suffix. CRLF and a UTF-8 BOM are
// dropped; a missing file or corrupt gzip rejects from the iterator. Lines come as one array per
// chunk read (64 KiB), not one by one: an await per line was a large share of parsing.
// The file is read only as fast as chunks are consumed. (readline's async iterator queues every
// line the file yields while the consumer waits, e.g. on a database merge: on a 2 GB file that
// queue grew the importer past 450 MB.)
export async function* openLines(path: string): AsyncGenerator<string[]> {
  const gzip = await isGzip(path);
  const file = createReadStream(path);
  const source: Readable = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (err) => source.destroy(err));
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const text = carry + decoder.write(chunk);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      if (lines.length === 0) continue;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
      }
      if (first) {
        lines[0] = lines[0].replace(/^\uFEFF/, '');
        first = false;
      }
      yield lines;
    }
    const rest = carry + decoder.end();
    if (rest !== '') {
      const l = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
      yield [first ? l.replace(/^\uFEFF/, '') : l];
    }
  } finally {
    file.destroy();
    source.destroy();
  }
}

// Lines from text already in memory (uploads, tests), as one chunk.
export async function* linesOf(text: string | readonly string[]): AsyncGenerator<string[]> {
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : [...text];
  // A trailing newline does not start another line.
  if (typeof text === 'string' && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > 0) yield lines;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
