import { Worker } from 'node:worker_threads';

// The SHA-256 of a file, read and hashed on a thread of its own: an import hashes the file it
// reads, and on the main thread the hash took a share of the time that parses the lines.
// The thread's code is plain JavaScript given inline, so it runs the same from dist/, under
// ts-node and under jest.
const DIGEST_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData)
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (e) => parentPort.postMessage({ error: String(e && e.message) }))
  .on('end', () => parentPort.postMessage({ hex: hash.digest('hex') }));
`;

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DIGEST_THREAD, { eval: true, workerData: path });
    let settled = false;
    worker.once('message', (m: { hex?: string; error?: string }) => {
      settled = true;
      if (m.hex) resolve(m.hex);
      else reject(new Error(m.error ?? 'the file could not be hashed'));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the digest thread stopped (exit code ${code})`));
    });
  });
}
