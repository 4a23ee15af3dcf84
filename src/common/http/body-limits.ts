import { json, raw, RequestHandler, urlencoded } from 'express';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';

// Bodies are bounded before they are parsed or validated: a nested or large body from someone
// who has not shown credentials is refused while it is still bytes (issue 16).
//  - Unauthenticated requests (login, the challenge form, sign-in) take small bodies only.
//  - Authenticated requests may send large ones (attribution batches, notices).
//  - Every JSON body is at most MAX_JSON_DEPTH deep, checked on the raw bytes before JSON.parse,
//    so neither the parser nor class-transformer/class-validator recurse without bound.
export const MAX_JSON_DEPTH = 32;
export const SIGN_IN_BODY_BYTES = 4 * 1024;
export const UNAUTHENTICATED_BODY_BYTES = 32 * 1024;
export const AUTHENTICATED_JSON_BYTES = 4 * 1024 * 1024;
export const AUTHENTICATED_FORM_BYTES = 1024 * 1024;

// The routes a stranger uses to sign in: only an e-mail address and a password.
const SIGN_IN_PATHS = new Set(['/api/v1/auth/login', '/portal/sign-in']);

export enum BodyErrorCode {
  TooDeep = 'body_too_deep',
  FormOnJsonRoute = 'body_form_not_accepted',
}

export class BodyError extends AppError<BodyErrorCode> {}

export interface BodyLimitOptions {
  // Whether the request has already shown valid credentials (set by the early authenticator).
  isAuthenticated: (req: Request) => boolean;
  // The notice route's raw media types and size cap (IN-1: kept byte for byte).
  noticePath: string;
  noticeMediaTypes: readonly string[];
  noticeMaxBytes: number;
  // Routes that read their own raw body and refuse other media types naming the ones they take
  // (lease uploads, order documents): a form sent there gets that route's answer.
  ownBodyRoutes: readonly RegExp[];
}

// The deepest nesting of arrays and objects in a JSON text, stopping as soon as it passes `max`.
// Brackets inside strings do not count. Linear in the bytes, no recursion.
export function jsonDepthExceeds(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

const mediaTypeOf = (req: Request): string =>
  (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

const verifyDepth = (_req: unknown, _res: unknown, buf: Buffer): void => {
  if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) {
    throw new BodyError(
      BodyErrorCode.TooDeep,
      'invalid',
      `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
};

function limitFor(req: Request, options: BodyLimitOptions, authenticated: number): number {
  if (SIGN_IN_PATHS.has(req.path)) return SIGN_IN_BODY_BYTES;
  return options.isAuthenticated(req) ? authenticated : UNAUTHENTICATED_BODY_BYTES;
}

// body-parser fixes its limit when it is created: one parser per limit, chosen per request.
function byLimit(make: (limit: number) => RequestHandler) {
  const parsers = new Map<number, RequestHandler>();
  return (limit: number): RequestHandler => {
    let parser = parsers.get(limit);
    if (!parser) parsers.set(limit, (parser = make(limit)));
    return parser;
  };
}

// The named functions matter: Nest skips its own default parsers when middleware called
// `jsonParser` / `urlencodedParser` is already mounted, so these are the only ones.
export function boundedBodyParsers(options: BodyLimitOptions): RequestHandler[] {
  const jsonWith = byLimit((limit) => json({ limit, verify: verifyDepth }));
  const formWith = byLimit((limit) => urlencoded({ limit, extended: true, parameterLimit: 200 }));
  const rawWith = byLimit((limit) =>
    raw({ limit, type: (req) => options.noticeMediaTypes.includes(mediaTypeOf(req as Request)) }),
  );
  const isNoticeSubmission = (req: Request) =>
    req.path === `/${options.noticePath}` || req.path === `/${options.noticePath}/`;

  // Notices are kept byte for byte (IN-1): their submission route takes every accepted type as
  // a raw Buffer, capped, before the JSON parser would turn it into an object. Only the
  // submission route itself: sub-routes such as `/notices/{ref}/proceedings` are JSON.
  const noticeParser: RequestHandler = (req, res, next) =>
    isNoticeSubmission(req) && req.method === 'POST'
      ? rawWith(limitFor(req, options, options.noticeMaxBytes))(req, res, next)
      : next();

  const jsonParser: RequestHandler = (req, res, next) =>
    jsonWith(limitFor(req, options, AUTHENTICATED_JSON_BYTES))(req, res, next);

  // Forms are the portal's (and Bull Board's); a JSON route refuses them, so a cross-site HTML
  // form can never reach the API (issue 16).
  const urlencodedParser: RequestHandler = (req, res, next) => {
    if (req.path.startsWith('/api/') && req.is('application/x-www-form-urlencoded')) {
      if (options.ownBodyRoutes.some((route) => route.test(req.path))) return next();
      return next(
        new BodyError(
          BodyErrorCode.FormOnJsonRoute,
          'unsupported',
          'This route takes application/json bodies, not form-encoded ones',
        ),
      );
    }
    formWith(limitFor(req, options, AUTHENTICATED_FORM_BYTES))(req, res, next);
  };
  return [noticeParser, jsonParser, urlencodedParser];
}
