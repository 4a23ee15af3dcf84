import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError, STATUS_BY_KIND } from '../../common/errors/app-error';
import { loggableError } from '../../common/http/problem-details.filter';
import { AccountsErrorCode } from '../accounts/accounts.errors';
import { SESSION_COOKIE } from '../auth/authenticator.service';
import { AuthenticatedRequest } from '../auth/principal';
import { SIGN_IN_PATH } from './navigation';
import { PortalErrorCode } from './portal.errors';
import { PortalViewService } from './portal-view.service';
import { errorPage } from './presenters/error.presenter';

// Portal routes answer browsers: an unauthenticated visit is redirected to the sign-in page
// and other errors are HTML pages, where the JSON API would answer problem+json.
@Catch()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('portal');

  constructor(private readonly views: PortalViewService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & AuthenticatedRequest & { id?: unknown }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    let status: number;
    let message: string;
    let errorId: string | null = null;
    if (exception instanceof AppError) {
      status = STATUS_BY_KIND[exception.kind];
      message = exception.message;
      if (status === 401) {
        // An expired or revoked session cookie is dropped on the way to the sign-in page.
        if (exception.code !== PortalErrorCode.SessionRequired)
          res.clearCookie(SESSION_COOKIE, { path: '/' });
        const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
        res.redirect(303, `${SIGN_IN_PATH}${next}`);
        return;
      }
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = status === 404 ? 'There is no page at this address.' : exception.message;
    } else {
      errorId = randomUUID();
      status = 500;
      message = `An unexpected error occurred; quote error id ${errorId} when reporting it.`;
      this.logger.error(
        { err: loggableError(exception), errorId, requestId: req.id },
        'unhandled portal error answered with 500',
      );
    }
    // A role's 403 points to the menu; an invalid form token or a sender's standing says why.
    const ownMessage = [
      PortalErrorCode.CsrfInvalid,
      AccountsErrorCode.NotInGoodStanding,
    ] as string[];
    const code = exception instanceof AppError ? (exception.code as string) : null;
    if (status === 403 && !(code !== null && ownMessage.includes(code))) {
      message =
        'Your role does not include this page. Use the menu to reach the pages you can open.';
    }
    this.views
      .send(req, res, 'error', errorPage(status, message, errorId), status)
      .catch((e: unknown) => {
        this.logger.error({ err: loggableError(e) }, 'could not render the portal error page');
        if (!res.headersSent) res.status(status).type('text').send(message);
      });
  }
}
