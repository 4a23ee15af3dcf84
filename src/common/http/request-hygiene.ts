import type { NextFunction, Request, Response } from 'express';
import { problemType } from './problem-details.filter';

// Issue #16: a NUL byte in a reference answered 500 (PostgreSQL refuses it in text), as did
// percent-encoding that decodes to no UTF-8. No route takes either, in its path, its query or a
// parsed body, so they are refused here, before any route, as one 400 naming the part.
export function requestHygiene() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = findProblem(req);
    if (!problem) return next();
    res
      .status(400)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: problemType(problem.code),
          title: 'Bad Request',
          status: 400,
          code: problem.code,
          detail: problem.detail,
          instance: safePath(req.originalUrl),
        }),
      );
  };
}

function findProblem(req: Request): { code: string; detail: string } | null {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  const parts: Array<[string, string]> = [
    ['path', q < 0 ? url : url.slice(0, q)],
    ['query', q < 0 ? '' : url.slice(q + 1).replace(/\+/g, ' ')],
  ];
  for (const [where, raw] of parts) {
    let decoded: string;
    try {
      decoded = where === 'query' ? decodeQuery(raw) : decodeURIComponent(raw);
    } catch {
      return {
        code: 'malformed_encoding',
        detail: `The request ${where} has percent-encoding that is not valid UTF-8`,
      };
    }
    if (decoded.includes('\u0000') || raw.includes('\u0000')) {
      return { code: 'nul_byte', detail: `The request ${where} contains a NUL byte` };
    }
  }
  // A parsed body (JSON or form); raw bodies (notices, lease files, orders) are the routes' own.
  const body: unknown = req.body;
  if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && hasNul(body)) {
    return { code: 'nul_byte', detail: 'The request body contains a NUL character' };
  }
  return null;
}

// Walks the parsed body (already bounded in depth and size by the body parsers) without
// copying it: keys and string values.
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNul);
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000') || hasNul(v)) return true;
  }
  return false;
}

// Each name and value on its own: '&' and '=' inside an encoded value stay data.
function decodeQuery(raw: string): string {
  return raw
    .split('&')
    .map((pair) => pair.split('=').map(decodeURIComponent).join('='))
    .join('&');
}

// The path as the problem's instance, without the bytes that made it bad.
function safePath(url: string): string {
  const path = url.split('?')[0];
  try {
    return decodeURIComponent(path).split('\u0000').join('');
  } catch {
    return path.replace(/%/g, '');
  }
}
