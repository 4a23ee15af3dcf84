import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode } from './blocking.errors';
import { BlockingExportService } from './blocking-export.service';
import { UpdateRequestResponseDto } from './dto/blocking-responses.dto';
import { EXPORT_FORMATS, ExportFormat } from './export-writers';
import { ownOrg } from './blocking-orders.controller';
import { UpdateRequestsService } from './update-requests.service';

class UpdateListQueryDto {
  @IsOptional()
  @IsIn(['pending', 'approved', 'refused'])
  status?: 'pending' | 'approved' | 'refused';
}

// Exports for resolver machines and routers (BO-5): a resolver key reads these and nothing
// else. The serial is in the body and in the X-Blocking-Serial header.
@ApiTags('blocking')
@ApiBearerAuth()
@Controller('api/v1/blocking')
export class BlockingExportsController {
  constructor(
    private readonly exports: BlockingExportService,
    private readonly updates: UpdateRequestsService,
  ) {}

  @Get('exports/:format')
  @Roles(Role.Resolver, Role.AbuseDesk, Role.Legal, Role.Admin)
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('format') format: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new BlockingError(
        BlockingErrorCode.UnknownFormat,
        'not_found',
        `No export format ${format} (${EXPORT_FORMATS.join(', ')})`,
      );
    }
    // Only a resolver machine's read counts as the block being implemented.
    const reader = p.role === Role.Resolver ? actorFromPrincipal(p) : null;
    const out = await this.exports.render(format as ExportFormat, reader);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('X-Blocking-Serial', String(out.serial));
    res.setHeader('Cache-Control', 'no-store');
    return out.body;
  }

  /** Counsel: its own update requests and their status; legal and the desk: all */
  @Get('update-requests')
  @Roles(Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin)
  async updateRequests(
    @CurrentPrincipal() p: Principal,
    @Query() q: UpdateListQueryDto,
  ): Promise<UpdateRequestResponseDto[]> {
    return (await this.updates.list(ownOrg(p), q.status)).map(UpdateRequestResponseDto.from);
  }
}
