import type { Request } from 'express';
import { readRawBody } from '../../common/http/raw-body';
import { DisclosureError, DisclosureErrorCode } from './disclosure.errors';
import { MAX_DOCUMENT_BYTES } from './request-intake.service';

// The order document comes as the raw request body (application/pdf).
export function readPdfBody(req: Request): Promise<Buffer> {
  return readRawBody(req, {
    types: ['application/pdf', 'application/octet-stream'],
    maxBytes: MAX_DOCUMENT_BYTES,
    unsupported: (got) =>
      new DisclosureError(
        DisclosureErrorCode.DocumentNotPdf,
        'unsupported',
        `Send the order as the raw request body with Content-Type application/pdf (got ${got})`,
      ),
    tooLarge: (max) =>
      new DisclosureError(
        DisclosureErrorCode.DocumentTooLarge,
        'too_large',
        `The document is larger than ${max} bytes`,
      ),
  });
}
