import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

export const NOTICE_FILE_FIELD = 'file';

export interface UploadedNotice {
  noticeFile?: { buffer: Buffer; name: string; type: string };
  // Set when the upload broke a limit; the page says so beside the file field.
  noticeUploadError?: string;
}

// The upload form is multipart/form-data. It is parsed here, before the guards, so PortalGuard
// finds the CSRF token in req.body as for any other form (a FileInterceptor would run only
// after the guard had refused the post), as order-upload.middleware.ts does.
@Injectable()
export class NoticeUploadMiddleware implements NestMiddleware {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.intake.maxBytes;
    this.upload = multer({
      storage: multer.memoryStorage(),
      // A pasted notice travels as a text field: allow it the same size as a file.
      limits: {
        fileSize: this.maxBytes,
        fieldSize: this.maxBytes,
        files: 1,
        fields: 10,
        parts: 12,
      },
    }).single(NOTICE_FILE_FIELD);
  }

  use(req: Request & UploadedNotice, res: Response, next: NextFunction): void {
    if (!req.is('multipart/form-data')) return next();
    this.upload(req, res, (err: unknown) => {
      if (err instanceof MulterError) {
        req.noticeUploadError =
          err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE'
            ? `The notice must be at most ${Math.floor(this.maxBytes / 1024 / 1024)} MB`
            : 'The form could not be read; send one file with the form';
      } else if (err) {
        req.noticeUploadError = 'The form could not be read; try again';
      }
      req.body ??= {};
      const file = (req as Request & { file?: Express.Multer.File }).file;
      if (file && file.size > 0) {
        req.noticeFile = { buffer: file.buffer, name: file.originalname, type: file.mimetype };
      }
      next();
    });
  }
}
