import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../../common/time/clock';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { SubscriberIdentity } from '../identity/identity.service';
import { DisclosureQueryService } from './disclosure-query.service';
import {
  DecisionDto,
  IdentityViewQueryDto,
  LegalRequestDetailDto,
  LegalRequestResponseDto,
  MotionDto,
  ReasonDto,
} from './dto/disclosure.dto';
import { ProductionService } from './production.service';
import { RequestDecisionService } from './request-decision.service';

// Legal staff's side (DR-2 to DR-6): only the legal role decides.
@ApiTags('legal')
@ApiBearerAuth()
@Controller('api/v1/legal')
@Roles(Role.Legal)
export class LegalDisclosureController {
  constructor(
    private readonly query: DisclosureQueryService,
    private readonly decisions: RequestDecisionService,
    private readonly production: ProductionService,
    private readonly clock: Clock,
  ) {}

  /** Open requests, most urgent first; overdue and near-due ones are flagged (DR-6) */
  @Get('disclosure-requests')
  async queue(): Promise<LegalRequestResponseDto[]> {
    const now = this.clock.now();
    return (await this.query.queue()).map((e) =>
      LegalRequestResponseDto.fromLegal(e.request, now, e.urgency),
    );
  }

  /** A request with its covered items, match evidence and confidence (pseudonymous) */
  @Get('disclosure-requests/:id')
  async detail(@Param('id', new ParseUUIDPipe()) id: string): Promise<LegalRequestDetailDto> {
    return LegalRequestDetailDto.from(await this.query.detail(id), this.clock.now());
  }

  /** The order document as uploaded */
  @Get('disclosure-requests/:id/document')
  async document(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const bytes = await this.query.document(id);
    res.setHeader('Content-Type', 'application/pdf');
    return new StreamableFile(bytes);
  }

  @Post('disclosure-requests/:id/review')
  @HttpCode(200)
  async review(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<LegalRequestResponseDto> {
    const r = await this.decisions.startReview(actorFromPrincipal(p), id, dto.reason);
    return LegalRequestResponseDto.fromLegal(r, this.clock.now());
  }

  /** Approve, or refuse with grounds (DR-4); a US order then notifies the subscriber (DR-2) */
  @Post('disclosure-requests/:id/decision')
  @HttpCode(200)
  async decide(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DecisionDto,
  ): Promise<LegalRequestResponseDto> {
    const r = await this.decisions.decide(
      actorFromPrincipal(p),
      id,
      dto.decision === 'approve'
        ? { decision: 'approve', reason: dto.reason }
        : { decision: 'refuse', grounds: dto.grounds ?? [], reason: dto.reason },
    );
    return LegalRequestResponseDto.fromLegal(r, this.clock.now());
  }

  /** Record a motion to quash, or its decision */
  @Post('disclosure-requests/:id/motion')
  @HttpCode(200)
  async motion(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MotionDto,
  ): Promise<LegalRequestResponseDto> {
    const r = await this.decisions.recordMotion(actorFromPrincipal(p), id, dto.step, dto.reason);
    return LegalRequestResponseDto.fromLegal(r, this.clock.now());
  }

  /** Produce the package (only once approved and, for US orders, the window has ended) */
  @Post('disclosure-requests/:id/produce')
  @HttpCode(200)
  async produce(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<LegalRequestResponseDto> {
    const r = await this.production.produce(actorFromPrincipal(p), id);
    return LegalRequestResponseDto.fromLegal(r, this.clock.now());
  }

  /** One subscriber's identity; every call writes an audit entry with its purpose. A POST: a
   * read that writes the audit log is never a GET (no prefetch or reload opens an identity) */
  @Post('subscribers/:ref/identity')
  @HttpCode(200)
  async identity(
    @CurrentPrincipal() p: Principal,
    @Param('ref') ref: string,
    @Body() dto: IdentityViewQueryDto,
  ): Promise<Partial<SubscriberIdentity>> {
    return this.query.identityView(actorFromPrincipal(p), ref, dto.purpose);
  }
}
