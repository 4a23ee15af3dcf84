import { Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, RequiresScope, Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import type { Principal } from '../auth/principal';
import { RateLimited } from '../rate-limits/rate-limit.guard';
import { NoticeSubmissionDto } from './dto/notice-submission.dto';
import { NoticeListQueryDto, NoticePageDto, NoticeReceiptDto } from './dto/receipt.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { renderNoticeAck } from './notice-ack.xml';
import { NoticeQueryService } from './notice-query.service';
import { NOTICE_MEDIA_TYPES } from './notice-reader';
import { NoticeSubmissionService } from './notice-submission.service';

export const NOTICES_ROUTE = 'api/v1/notices';

function organisationOf(p: Principal): string {
  if (!p.organisationId) {
    throw new IntakeError(
      IntakeErrorCode.NoOrganisation,
      'forbidden',
      'Only a sender organisation submits notices',
    );
  }
  return p.organisationId;
}

function idempotencyKey(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (value.length > 200) {
    throw new IntakeError(IntakeErrorCode.Validation, 'invalid', 'Idempotency-Key is too long', [
      { field: 'Idempotency-Key', message: 'at most 200 characters' },
    ]);
  }
  return value.trim();
}

// JSON unless the client prefers XML, which gets an ACNS NoticeAck.
function send(req: Request, res: Response, receipt: NoticeReceiptDto): NoticeReceiptDto | string {
  const preferred = req.accepts(['application/json', 'application/xml', 'text/xml']);
  if (preferred === 'application/xml' || preferred === 'text/xml') {
    res.type('application/xml');
    return renderNoticeAck(receipt);
  }
  return receipt;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller(NOTICES_ROUTE)
@Roles(Role.Complainant)
export class NoticesController {
  constructor(
    private readonly submissions: NoticeSubmissionService,
    private readonly notices: NoticeQueryService,
  ) {}

  /**
   * Submit a notice: our JSON schema (below), X-ARF v4 JSON, ACNS XML (`application/xml`) or a
   * whole e-mail (`message/rfc822`). Answers 202 with the receipt; 200 with the first receipt
   * when the notice repeats an earlier one (same Idempotency-Key, or every item a duplicate).
   */
  @Post()
  @RateLimited('intake')
  @RequiresScope(Scope.SubmitNotices)
  @ApiConsumes(...NOTICE_MEDIA_TYPES)
  @ApiBody({ type: NoticeSubmissionDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiProduces('application/json', 'application/xml')
  @ApiOkResponse({ type: NoticeReceiptDto })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoticeReceiptDto | string> {
    const answer = await this.submissions.submitFromApi({
      organisationId: organisationOf(principal),
      body: req.body as Buffer,
      contentType: req.headers['content-type'],
      idempotencyKey: idempotencyKey(key),
    });
    res.status(answer.created ? 202 : 200);
    res.location(`/${NOTICES_ROUTE}/${answer.receipt.reference}`);
    return send(req, res, answer.receipt);
  }

  /** The sender's own notices, newest first */
  @Get()
  @RequiresScope(Scope.ReadNotices)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() q: NoticeListQueryDto,
  ): Promise<NoticePageDto> {
    return this.notices.listForSender(organisationOf(principal), q);
  }

  /** One of the sender's own notices, with each item's outcome (SN-2) */
  @Get(':reference')
  @RequiresScope(Scope.ReadNotices)
  @ApiProduces('application/json', 'application/xml')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('reference') reference: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoticeReceiptDto | string> {
    const receipt = await this.notices.receiptForSender(reference, organisationOf(principal));
    return send(req, res, receipt);
  }
}
