import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { boundedBodyParsers } from './common/http/body-limits';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { requestHygiene } from './common/http/request-hygiene';
import { validationOptions } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { adminGate, BoardGatePages } from './modules/admin/admin-gate';
import { PortalViewService } from './modules/portal/portal-view.service';
import { QUEUE_BOARD_ROUTE } from './modules/admin/queue-board.module';
import { Authenticator, earlyAuthentication } from './modules/auth/authenticator.service';
import { AuthModule } from './modules/auth/auth.module';
import { AuthenticatedRequest } from './modules/auth/principal';
import { NOTICES_ROUTE } from './modules/intake/notices.controller';
import { NOTICE_MEDIA_TYPES } from './modules/intake/notice-reader';

export const OPENAPI_PATH = 'api/docs';

// Shared by main.ts and the e2e tests, so tests exercise the same HTTP stack as production.
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');
  // The portal and the API run no inline script at all; only Swagger UI and Bull Board ship
  // inline scripts and styles, so only their pages get a policy allowing them.
  const strict = helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'"] } },
  });
  const withInline = helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } },
  });
  const inlinePages = [`/${OPENAPI_PATH}`, QUEUE_BOARD_ROUTE];
  app.use((req: Request, res: Response, next: NextFunction) =>
    (inlinePages.some((p) => req.path === p || req.path.startsWith(`${p}/`)) ? withInline : strict)(
      req,
      res,
      next,
    ),
  );
  // Credentials first (the cookie parser, then the early authenticator), so the body parsers
  // know whether a request may send a large body (src/common/http/body-limits.ts).
  app.use(cookieParser());
  // The AuthModule's own instance, the one its guard and key routes use (the worker module has
  // another, whose key cache would not see this module's revocations).
  const authenticator = app.select(AuthModule).get(Authenticator, { strict: true });
  app.use(earlyAuthentication(authenticator));
  for (const parser of boundedBodyParsers({
    isAuthenticated: (req) => (req as Request & AuthenticatedRequest).principal !== undefined,
    noticePath: NOTICES_ROUTE,
    noticeMediaTypes: NOTICE_MEDIA_TYPES,
    noticeMaxBytes: config.intake.maxBytes,
    ownBodyRoutes: [
      /^\/api\/v1\/lease-imports\/?$/,
      /^\/api\/v1\/disclosure-requests\/[^/]+\/document$/,
      /^\/api\/v1\/blocking\/orders\/[^/]+\/document$/,
      /^\/api\/v1\/legal\/blocking\/protected\/import$/,
    ],
  })) {
    app.use(parser);
  }
  // NUL bytes and undecodable percent-encoding in the path, the query or a parsed body: 400.
  app.use(requestHygiene());
  app.use(QUEUE_BOARD_ROUTE, adminGate(authenticator, boardGatePages(app)));
  // API answers and portal pages may carry identity, tokens or a subscriber's reference: no
  // browser or proxy cache keeps them (only the portal's stylesheet may be cached).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isAsset = req.path.startsWith('/portal/assets/');
    if (!isAsset && (req.path.startsWith('/api/') || req.path.startsWith('/portal'))) {
      res.setHeader('Cache-Control', 'no-store');
    }
    next();
  });
  app.useGlobalPipes(new ValidationPipe(validationOptions));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('notice-relay')
      .setDescription(
        'Copyright notice intake, attribution and disclosure for an access provider. ' +
          'Errors are RFC 9457 problem+json with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'API key (nrk_...) or session token (nrs_...)',
      })
      .build(),
  );
  SwaggerModule.setup(OPENAPI_PATH, app, document, {
    jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json`,
  });
}

// The portal's 403 page for a signed-in person whose role is not admin (Bull Board's gate);
// none where the application has no portal.
function boardGatePages(app: INestApplication): BoardGatePages | undefined {
  let views: PortalViewService;
  try {
    views = app.get(PortalViewService, { strict: false });
  } catch {
    return undefined;
  }
  return {
    forbidden: (req, res) =>
      views.send(
        req,
        res,
        'error',
        {
          title: 'You do not have access to this page',
          heading: 'You do not have access to this page',
          message:
            'Your role does not include this page. Use the menu to reach the pages you can open.',
          status: 403,
          errorId: null,
        },
        403,
      ),
  };
}
