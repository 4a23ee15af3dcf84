import type { Request } from 'express';
import { readRawBody } from '../../common/http/raw-body';
import { BlockingError, BlockingErrorCode } from './blocking.errors';

// A raw body under the blocking register's own error codes (the order PDF, a protected-list
// file); the reading itself is shared (src/common/http/raw-body.ts).
export function readBlockingBody(
  req: Request,
  types: readonly string[],
  maxBytes: number,
): Promise<Buffer> {
  return readRawBody(req, {
    types,
    maxBytes,
    unsupported: (got) =>
      new BlockingError(
        BlockingErrorCode.DocumentNotPdf,
        'unsupported',
        `Send the body raw with Content-Type ${types.join(' or ')} (got ${got})`,
      ),
    tooLarge: (max) =>
      new BlockingError(
        BlockingErrorCode.DocumentTooLarge,
        'too_large',
        `The body is larger than ${max} bytes`,
      ),
  });
}
