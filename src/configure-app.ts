import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { NextFunction, raw, Request, Response } from 'express';
import helmet from 'helmet';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { validationOptions } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { adminGate } from './modules/admin/admin-gate';
import { QUEUE_BOARD_ROUTE } from './modules/admin/queue-board.module';
import { Authenticator } from './modules/auth/authenticator.service';
import { NOTICES_ROUTE } from './modules/intake/notices.controller';
import { NOTICE_MEDIA_TYPES } from './modules/intake/notice-reader';

export const OPENAPI_PATH = 'api/docs';

// Shared by main.ts and the e2e tests, so tests exercise the same HTTP stack as production.
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Swagger UI and Bull Board ship inline scripts and styles.
        directives: { 'script-src': ["'self'", "'unsafe-inline'"] },
      },
    }),
  );
  // Notices are kept byte for byte (IN-1): their route takes every accepted type as a raw
  // Buffer, capped, before the JSON parser would turn it into an object.
  // Only the submission route itself takes raw bodies: sub-routes such as
  // `/notices/{ref}/proceedings` are ordinary JSON.
  const rawNotice = raw({
    type: (req) =>
      (NOTICE_MEDIA_TYPES as readonly string[]).includes(
        (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
      ),
    limit: config.intake.maxBytes,
  });
  app.use(`/${NOTICES_ROUTE}`, (req: Request, res: Response, next: NextFunction) =>
    req.path === '/' ? rawNotice(req, res, next) : next(),
  );
  // Attribution batches of up to 10,000 lookups are about 0.7 MB of JSON.
  express.useBodyParser('json', { limit: '4mb' });
  app.use(cookieParser());
  app.use(QUEUE_BOARD_ROUTE, adminGate(app.get(Authenticator)));
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
