import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/roles';
import { Roles } from '../auth/auth.decorators';
import {
  AcceptQuarantinedDto,
  DeskNoticeDto,
  DeskNoticeListQueryDto,
  DeskNoticePageDto,
  InvalidatedNoticeDto,
  InvalidateNoticeDto,
  RejectQuarantinedDto,
  SenderQualityDto,
} from './dto/desk-notice.dto';
import { NoticeListQueryDto } from './dto/receipt.dto';
import { NoticeConfirmationService } from './notice-confirmation.service';
import { NoticeInvalidationService } from './notice-invalidation.service';
import { QuarantineService } from './quarantine.service';
import { NoticeQueryService } from './notice-query.service';

@ApiTags('desk')
@ApiBearerAuth()
@Controller('api/v1/desk')
@Roles(Role.AbuseDesk, Role.Legal, Role.Admin)
export class DeskNoticesController {
  constructor(
    private readonly notices: NoticeQueryService,
    private readonly quarantine: QuarantineService,
    private readonly invalidation: NoticeInvalidationService,
    private readonly confirmation: NoticeConfirmationService,
  ) {}

  /** All notices, filterable by status and sender */
  @Get('notices')
  async list(@Query() q: DeskNoticeListQueryDto): Promise<DeskNoticePageDto> {
    return this.notices.listForDesk(q);
  }

  /** One notice: parsed fields, checks, warnings, items with pseudonymous references and evidence */
  @Get('notices/:reference')
  async get(@Param('reference') reference: string): Promise<DeskNoticeDto> {
    return this.notices.detailForDesk(reference);
  }

  /** Mark an accepted notice invalid: items not yet forwarded stop and its strikes are withdrawn (ER-3) */
  @Post('notices/:reference/invalidate')
  @HttpCode(200)
  async invalidate(
    @Param('reference') reference: string,
    @Body() body: InvalidateNoticeDto,
  ): Promise<InvalidatedNoticeDto> {
    return this.invalidation.invalidate(reference, body.reason);
  }

  /** Confirm the items read from plain text; they then go to attribution and messaging */
  @Post('notices/:reference/confirm')
  @HttpCode(200)
  @Roles(Role.AbuseDesk, Role.Admin)
  async confirm(@Param('reference') reference: string): Promise<DeskNoticeDto> {
    return this.confirmation.confirm(reference);
  }

  /** E-mailed notices from unknown senders waiting for the desk */
  @Get('quarantine')
  @Roles(Role.AbuseDesk, Role.Admin)
  async quarantined(@Query() q: NoticeListQueryDto): Promise<DeskNoticePageDto> {
    return this.notices.listForDesk({ ...q, status: 'quarantined' });
  }

  /** Assign a quarantined notice to its sender; it is then validated and processed */
  @Post('quarantine/:reference/accept')
  @HttpCode(200)
  @Roles(Role.AbuseDesk, Role.Admin)
  async accept(
    @Param('reference') reference: string,
    @Body() body: AcceptQuarantinedDto,
  ): Promise<DeskNoticeDto> {
    return this.quarantine.accept(reference, body.organisationId);
  }

  /** Reject a quarantined notice with a reason */
  @Post('quarantine/:reference/reject')
  @HttpCode(200)
  @Roles(Role.AbuseDesk, Role.Admin)
  async reject(
    @Param('reference') reference: string,
    @Body() body: RejectQuarantinedDto,
  ): Promise<DeskNoticeDto> {
    return this.quarantine.reject(reference, body.reason);
  }

  /** Per-sender quality: invalid, unmatched and challenged rates (VA-6) */
  @Get('sender-quality')
  async quality(): Promise<SenderQualityDto[]> {
    return this.notices.senderQuality();
  }
}
