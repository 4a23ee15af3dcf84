import type { Request } from 'express';
import { BlockingError, BlockingErrorCode } from './blocking.errors';

// A raw request body (the order PDF, a protected-list file): JSON and form bodies were already
// consumed by the body parsers, so other types are refused by name.
export async function readRawBody(
  req: Request,
  types: readonly string[],
  maxBytes: number,
): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!types.includes(type)) {
    throw new BlockingError(
      BlockingErrorCode.DocumentNotPdf,
      'unsupported',
      `Send the body raw with Content-Type ${types.join(' or ')} (got ${type || 'none'})`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the cap the rest is read and dropped, so the client gets its 413 rather than a reset.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) {
    throw new BlockingError(
      BlockingErrorCode.DocumentTooLarge,
      'too_large',
      `The body is larger than ${maxBytes} bytes`,
    );
  }
  return Buffer.concat(chunks);
}
