import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { ProblemDetails, ProblemDetailsFilter } from './problem-details.filter';

function run(exception: unknown): { status: number; type: string; body: ProblemDetails } {
  const sent: { status: number; type: string; body: string } = { status: 0, type: '', body: '' };
  const res = {
    headersSent: false,
    status(s: number) {
      sent.status = s;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    send(b: string) {
      sent.body = b;
      return this;
    },
  };
  const req = { id: 'req-1', originalUrl: '/api/v1/x?secret=1' };
  const host = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { status: sent.status, type: sent.type, body: JSON.parse(sent.body) as ProblemDetails };
}

describe('ProblemDetailsFilter', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('maps an AppError to its status, code and fields', () => {
    const r = run(
      new AppError('thing_invalid', 'invalid', 'The thing is bad', [
        { field: 'x', message: 'bad' },
      ]),
    );
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      type: 'urn:notice-relay:problem:thing_invalid',
      code: 'thing_invalid',
      status: 400,
      detail: 'The thing is bad',
      errors: [{ field: 'x', message: 'bad' }],
      instance: '/api/v1/x',
      requestId: 'req-1',
    });
  });

  it('keeps validation details from the pipe', () => {
    const r = run(
      new BadRequestException({
        code: 'validation_failed',
        message: 'Invalid',
        errors: [{ field: 'a', message: 'm' }],
      }),
    );
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors).toEqual([{ field: 'a', message: 'm' }]);
  });

  it('hides the message of an unexpected error behind a logged error id', () => {
    const r = run(new Error('duplicate key value: jane.doe@example.com'));
    expect(r.status).toBe(500);
    expect(r.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(r.body)).not.toContain('jane.doe');
    expect(r.body.detail).toContain(r.body.errorId);
    expect(Logger.prototype.error).toHaveBeenCalledWith(
      expect.objectContaining({ errorId: r.body.errorId }),
      expect.any(String),
    );
  });

  it('logs a driver error without its parameters or key detail', () => {
    const e = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_key"'),
      {
        code: '23505',
        parameters: ['jane.doe@example.com'],
        detail: 'Key (lower(email))=(jane.doe@example.com) already exists.',
      },
    );
    run(e);
    const logged = JSON.stringify((Logger.prototype.error as jest.Mock).mock.calls);
    expect(logged).toContain('23505');
    expect(logged).not.toContain('jane.doe');
  });

  it('answers body-parser errors with their 4xx', () => {
    const e = Object.assign(new Error('request entity too large'), {
      status: 413,
      type: 'entity.too.large',
    });
    const r = run(e);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('entity_too_large');
  });
});
