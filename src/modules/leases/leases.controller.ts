import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Role } from '../../common/roles';
import { Roles } from '../auth/auth.decorators';
import { LeaseImportQueryDto, LeaseImportResponseDto } from './dto/lease-import.dto';
import { LeaseUploadService } from './lease-upload.service';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeasesRepository } from './leases.repository';

const RAW_TYPES = /^(text\/|application\/(octet-stream|gzip|x-gzip)\b)/i;

// JSON and form bodies are consumed by Nest's body parsers before we see them; a log must come
// as a raw body, so anything else is refused with the accepted types named.
function assertRawUpload(req: Request): void {
  const type = req.headers['content-type'] ?? '';
  if (type !== '' && !RAW_TYPES.test(type)) {
    throw new LeasesError(
      LeasesErrorCode.UploadMediaType,
      'unsupported',
      `Send the log as the raw request body with Content-Type text/plain, application/octet-stream or application/gzip (got ${type.split(';')[0]})`,
    );
  }
}

@ApiTags('leases')
@ApiBearerAuth()
@Controller('api/v1/lease-imports')
@Roles(Role.AbuseDesk, Role.Admin)
export class LeasesController {
  constructor(
    private readonly uploads: LeaseUploadService,
    private readonly repo: LeasesRepository,
  ) {}

  /** Upload a lease or NAT log (raw body, gzip accepted) and import it */
  @Post()
  @ApiConsumes('application/octet-stream', 'text/plain', 'application/gzip')
  async upload(
    @Query() q: LeaseImportQueryDto,
    @Req() req: Request,
  ): Promise<LeaseImportResponseDto> {
    assertRawUpload(req);
    const summary = await this.uploads.importUpload(req, {
      source: q.source,
      format: q.format ?? 'auto',
      timeZone: q.timeZone,
      toleranceSeconds: q.toleranceSeconds,
      maxErrorRatio: q.maxErrorRatio,
    });
    return LeaseImportResponseDto.from(summary);
  }

  /** Recent imports with their summaries */
  @Get()
  async list(): Promise<LeaseImportResponseDto[]> {
    return (await this.repo.listImports(100)).map((r) => LeaseImportResponseDto.from(r));
  }
}
