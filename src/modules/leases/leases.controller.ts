import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Role } from '../accounts/entities/roles';
import { Roles } from '../auth/auth.decorators';
import { LeaseImportQueryDto, LeaseImportResponseDto } from './dto/lease-import.dto';
import { LeaseUploadService } from './lease-upload.service';
import { LeasesRepository } from './leases.repository';

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
