import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, RequiresScope, Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { ReasonDto } from '../disclosure/dto/disclosure.dto';
import {
  ExportQueryDto,
  HoldListQueryDto,
  HoldResponseDto,
  NoteDto,
  PlaceHoldDto,
} from './dto/retention.dto';
import { LegalHoldsService } from './legal-holds.service';
import { SubscriberExport, SubscriberExportService } from './subscriber-export.service';

// Legal holds (RA-6), proceedings notes (RA-1) and subscriber access exports (RA-8).
@ApiTags('retention')
@ApiBearerAuth()
@Controller('api/v1')
export class RetentionController {
  constructor(
    private readonly holds: LegalHoldsService,
    private readonly exports: SubscriberExportService,
  ) {}

  @Get('legal/holds')
  @Roles(Role.Legal)
  async list(@Query() q: HoldListQueryDto): Promise<HoldResponseDto[]> {
    return (await this.holds.list(q.activeOnly ?? false)).map((h) => HoldResponseDto.from(h));
  }

  /** Place a hold on a notice, a subscriber account or a disclosure request */
  @Post('legal/holds')
  @Roles(Role.Legal)
  async place(
    @CurrentPrincipal() p: Principal,
    @Body() dto: PlaceHoldDto,
  ): Promise<HoldResponseDto> {
    return HoldResponseDto.from(
      await this.holds.place(actorFromPrincipal(p), dto.subjectType, dto.subject, dto.reason),
    );
  }

  @Post('legal/holds/:id/release')
  @HttpCode(200)
  @Roles(Role.Legal)
  async release(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<HoldResponseDto> {
    return HoldResponseDto.from(await this.holds.release(actorFromPrincipal(p), id, dto.reason));
  }

  /** Canada: the claimant has started proceedings; the notice is kept for a year (RA-1) */
  @Post('notices/:reference/proceedings')
  @RequiresScope(Scope.SubmitNotices)
  @HttpCode(204)
  @Roles(Role.Complainant, Role.Legal)
  async proceedings(
    @CurrentPrincipal() p: Principal,
    @Param('reference') reference: string,
    @Body() dto: NoteDto,
  ): Promise<void> {
    const own =
      p.role === Role.Complainant
        ? (p.organisationId ?? '00000000-0000-0000-0000-000000000000')
        : null;
    await this.holds.noteProceedings(actorFromPrincipal(p), reference, dto.note, own);
  }

  /** Everything held about one subscriber, as a file (RA-8); the identity read is audited, so
   * this is a POST, never a GET */
  @Post('legal/subscribers/:ref/export')
  @HttpCode(200)
  @Roles(Role.Legal)
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('ref') ref: string,
    @Body() q: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubscriberExport> {
    const out = await this.exports.export(actorFromPrincipal(p), ref, q.purpose);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="subscriber-${ref}.json"`);
    return out;
  }
}
