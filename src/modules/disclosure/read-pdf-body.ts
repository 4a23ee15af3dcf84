import type { Request } from 'express';
import { DisclosureError, DisclosureErrorCode } from './disclosure.errors';
import { MAX_DOCUMENT_BYTES } from './request-intake.service';

// The order document comes as the raw request body (application/pdf); JSON and form bodies
// were already consumed by the body parsers, so they are refused by type.
export async function readPdfBody(req: Request): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/pdf' && type !== 'application/octet-stream') {
    throw new DisclosureError(
      DisclosureErrorCode.DocumentNotPdf,
      'unsupported',
      `Send the order as the raw request body with Content-Type application/pdf (got ${type || 'none'})`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the cap the rest is read and dropped, so the client gets its 413 rather than a reset.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_DOCUMENT_BYTES) chunks.push(chunk);
  }
  if (size > MAX_DOCUMENT_BYTES) {
    throw new DisclosureError(
      DisclosureErrorCode.DocumentTooLarge,
      'too_large',
      `The document is larger than ${MAX_DOCUMENT_BYTES} bytes`,
    );
  }
  return Buffer.concat(chunks);
}
