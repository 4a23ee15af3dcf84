import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { AuthenticatedRequest } from '../auth/principal';
import { MAX_DOCUMENT_BYTES } from '../disclosure/request-intake.service';

export const ORDER_DOCUMENT_FIELD = 'document';

export interface UploadedOrder {
  orderDocument?: Buffer;
  // Set when the upload broke a limit; the page says so beside the file field.
  orderUploadError?: string;
}

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 30, fieldSize: 64 * 1024, parts: 40 },
}).single(ORDER_DOCUMENT_FIELD);

// The new-request and blocking-order forms are multipart/form-data. It is parsed here, before the guards, so that
// PortalGuard finds the CSRF token in req.body as for any other form; a FileInterceptor would
// run only after the guard had already refused the post.
// A stranger's upload is not read at all: the guard then sends them to sign in.
export function orderUploadMiddleware(
  req: Request & UploadedOrder & AuthenticatedRequest,
  res: Response,
  next: NextFunction,
): void {
  if (!req.principal) {
    req.body ??= {};
    return next();
  }
  upload(req, res, (err: unknown) => {
    if (err instanceof MulterError) {
      req.orderUploadError =
        err.code === 'LIMIT_FILE_SIZE'
          ? `The order document must be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`
          : 'The form could not be read; send one PDF file with the form';
    } else if (err) {
      req.orderUploadError = 'The form could not be read; try again';
    }
    req.body ??= {};
    const file = (req as Request & { file?: Express.Multer.File }).file;
    if (file) req.orderDocument = file.buffer;
    next();
  });
}
