import type { Request } from 'express';
import { AppError } from '../errors/app-error';

export interface RawBodyOptions {
  // Media types the route takes; anything else was (or would be) consumed by the body parsers.
  types: readonly string[];
  maxBytes: number;
  // The route's own errors, so each module keeps its stable problem codes.
  unsupported: (got: string) => AppError;
  tooLarge: (maxBytes: number) => AppError;
}

// A raw request body read by the route itself (an order PDF, a protected-list file): the
// routes doing so are listed in `ownBodyRoutes` (body-limits.ts), so a form sent there gets the
// route's answer naming the types it takes.
export async function readRawBody(req: Request, o: RawBodyOptions): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!o.types.includes(type)) throw o.unsupported(type || 'none');
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the cap the rest is read and dropped, so the client gets its 413 rather than a reset.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= o.maxBytes) chunks.push(chunk);
  }
  if (size > o.maxBytes) throw o.tooLarge(o.maxBytes);
  return Buffer.concat(chunks);
}
