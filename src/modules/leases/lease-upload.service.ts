import { Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportOptions, ImportSummary, LeaseImportService } from './lease-import.service';
import { LeasesError, LeasesErrorCode } from './leases.errors';

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

// Spools an uploaded log to a temporary file (imports read files, and gzip is detected from
// the first bytes), imports it and removes the file whatever happens.
@Injectable()
export class LeaseUploadService {
  constructor(private readonly imports: LeaseImportService) {}

  async importUpload(body: Readable, opts: ImportOptions): Promise<ImportSummary> {
    const dir = await mkdtemp(join(tmpdir(), 'notice-relay-upload-'));
    const path = join(dir, `${opts.source}.log`);
    try {
      let bytes = 0;
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_UPLOAD_BYTES) body.destroy(new Error('too large'));
      });
      await pipeline(body, createWriteStream(path)).catch((e: unknown) => {
        if (bytes > MAX_UPLOAD_BYTES) {
          throw new LeasesError(
            LeasesErrorCode.UnknownFormat,
            'too_large',
            'The upload is larger than 4 GiB',
          );
        }
        throw e;
      });
      if (bytes === 0) {
        throw new LeasesError(
          LeasesErrorCode.UnknownFormat,
          'invalid',
          'The upload is empty: send the log as the request body',
        );
      }
      return await this.imports.importFile(path, opts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
