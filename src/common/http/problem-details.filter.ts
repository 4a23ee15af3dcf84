import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError, FieldProblem, STATUS_BY_KIND } from '../errors/app-error';

// RFC 9457 problem details. `code` is stable and documented; `title` is for humans.
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errorId?: string;
  errors?: FieldProblem[];
  checks?: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

// A problem+json body for answers made outside Nest's HTTP stack (the worker's /metrics).
export function plainProblem(
  status: number,
  code: string,
  detail: string,
  instance: string,
): ProblemDetails {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance,
  };
}

export function problemType(code: string): string {
  return `urn:notice-relay:problem:${code}`;
}

function fromHttpException(e: HttpException): Omit<ProblemDetails, 'type' | 'title'> {
  const status = e.getStatus();
  const body = e.getResponse();
  const code = CODES_BY_STATUS[status] ?? `http_${status}`;
  if (typeof body === 'object' && body !== null) {
    const b = body as {
      message?: unknown;
      code?: unknown;
      errors?: unknown;
      details?: unknown;
      error?: unknown;
    };
    // Terminus answers 503 with per-dependency details; keep them for operators, and name the
    // dependencies that are down.
    if (b.details !== undefined && status === 503) {
      const down =
        typeof b.error === 'object' && b.error !== null ? Object.keys(b.error).sort() : [];
      const detail = down.length
        ? `Not ready: ${down.join(', ')} down`
        : 'A dependency is not ready';
      return { status, code: 'not_ready', detail, checks: b.details };
    }
    const errors = Array.isArray(b.errors) ? (b.errors as FieldProblem[]) : undefined;
    const detail = Array.isArray(b.message)
      ? b.message.map(String).join('; ')
      : typeof b.message === 'string'
        ? b.message
        : e.message;
    return { status, code: typeof b.code === 'string' ? b.code : code, detail, errors };
  }
  return { status, code, detail: typeof body === 'string' ? body : e.message };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string | number }>();
    const res = ctx.getResponse<Response>();
    let problem: Omit<ProblemDetails, 'type' | 'title'>;
    if (exception instanceof AppError) {
      problem = {
        status: STATUS_BY_KIND[exception.kind],
        code: String(exception.code),
        detail: exception.message,
        errors: exception.fields.length > 0 ? exception.fields : undefined,
      };
    } else if (exception instanceof HttpException) {
      problem = fromHttpException(exception);
    } else if (isBodyParserError(exception)) {
      problem = {
        status: exception.status,
        code: exception.type.replace(/\./g, '_'),
        detail: exception.message,
      };
    } else {
      // The detail of an unexpected error may hold anything (SQL, identity): log it, never send it.
      const errorId = randomUUID();
      this.logger.error(
        { err: loggableError(exception), errorId, requestId: req.id },
        'unhandled error answered with 500',
      );
      problem = {
        status: 500,
        code: 'internal_error',
        detail: `An unexpected error occurred; quote error id ${errorId} when reporting it.`,
        errorId,
      };
    }
    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: TITLES[problem.status] ?? 'Error',
      ...problem,
      instance: req.originalUrl?.split('?')[0],
      requestId: req.id !== undefined ? String(req.id) : undefined,
    };
    if (res.headersSent) return;
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}

// Only name, message, code and stack: driver errors also carry the query's parameters and a
// `detail` with key values, which may hold a subscriber's data and must not reach the logs.
export function loggableError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    code: typeof code === 'string' ? code : undefined,
    stack: e.stack,
  };
}

interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as BodyParserError).status === 'number' &&
    (e as BodyParserError).status >= 400 &&
    (e as BodyParserError).status < 500 &&
    typeof (e as BodyParserError).type === 'string'
  );
}
