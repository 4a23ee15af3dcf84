import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, RequiresScope, Roles } from '../auth/auth.decorators';
import { Scope } from '../auth/scopes';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { DisclosureQueryService } from './disclosure-query.service';
import { DisclosureError, DisclosureErrorCode } from './disclosure.errors';
import {
  CreateDisclosureRequestDto,
  DisclosureRequestResponseDto,
  PackageQueryDto,
  ReasonDto,
} from './dto/disclosure.dto';
import { ProductionService, sendPackage } from './production.service';
import { readPdfBody } from './read-pdf-body';
import { RequestDecisionService } from './request-decision.service';
import { RequestIntakeService, Submitter } from './request-intake.service';

// A complainant's own organisation; legal staff act for the ISP (null = any request).
const ownOrg = (p: Principal): string | null =>
  p.role === Role.Complainant ? (p.organisationId ?? '00000000-0000-0000-0000-000000000000') : null;

function submitter(p: Principal, dto: CreateDisclosureRequestDto): Submitter {
  if (p.role === Role.Complainant) {
    if (dto.organisationId) {
      throw new DisclosureError(
        DisclosureErrorCode.OrganisationRequired,
        'invalid',
        'A complainant submits for its own organisation',
        [{ field: 'organisationId', message: 'not allowed for a complainant' }],
      );
    }
    return {
      actor: actorFromPrincipal(p),
      organisationId: ownOrg(p),
      channel: 'api',
      restrictToOrganisation: true,
    };
  }
  return {
    actor: actorFromPrincipal(p),
    organisationId: dto.organisationId ?? null,
    channel: 'paper',
    restrictToOrganisation: false,
  };
}

// Requesters' side (DR-1): submit, follow the status, download the produced package.
@ApiTags('disclosure')
@ApiBearerAuth()
@Controller('api/v1/disclosure-requests')
@RequiresScope(Scope.Disclosure)
export class DisclosureRequestsController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly decisions: RequestDecisionService,
    private readonly production: ProductionService,
    private readonly query: DisclosureQueryService,
  ) {}

  /** Submit a disclosure request (complainant) or enter a paper one (legal) */
  @Post()
  @Roles(Role.Complainant, Role.Legal)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateDisclosureRequestDto,
  ): Promise<DisclosureRequestResponseDto> {
    const r = await this.intake.submit(submitter(p, dto), {
      kind: dto.kind,
      issuingBody: dto.issuingBody,
      caseNumber: dto.caseNumber,
      noticeReferences: dto.noticeReferences,
      allowedFields: dto.allowedFields,
      objectionWindowDays: dto.objectionWindowDays,
      respondBy: dto.respondBy ? new Date(dto.respondBy) : null,
    });
    return DisclosureRequestResponseDto.from(r);
  }

  /** Attach the order document: raw PDF body, stored with its SHA-256 */
  @Put(':id/document')
  @Roles(Role.Complainant, Role.Legal)
  @ApiConsumes('application/pdf')
  async attach(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<DisclosureRequestResponseDto> {
    const bytes = await readPdfBody(req);
    return DisclosureRequestResponseDto.from(
      await this.intake.attachDocument(actorFromPrincipal(p), id, bytes, ownOrg(p)),
    );
  }

  /** The organisation's own requests with their status */
  @Get()
  @Roles(Role.Complainant)
  async list(@CurrentPrincipal() p: Principal): Promise<DisclosureRequestResponseDto[]> {
    return (await this.query.listOwn(ownOrg(p)!)).map((r) => DisclosureRequestResponseDto.from(r));
  }

  @Get(':id')
  @Roles(Role.Complainant)
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<DisclosureRequestResponseDto> {
    return DisclosureRequestResponseDto.from(await this.query.getOwn(ownOrg(p)!, id));
  }

  /** Download the produced package (JSON or printable HTML). A POST, bearer credentials only:
   * every download writes an audit entry, and no GET writes anything */
  @Post(':id/package')
  @HttpCode(200)
  @Roles(Role.Complainant, Role.Legal)
  async package(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: PackageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const pkg = await this.production.download(actorFromPrincipal(p), id, ownOrg(p));
    return sendPackage(res, pkg, q.format);
  }

  /** Withdraw a request (the requester its own; legal staff any) */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(Role.Complainant, Role.Legal)
  async withdraw(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<DisclosureRequestResponseDto> {
    return DisclosureRequestResponseDto.from(
      await this.decisions.withdraw(actorFromPrincipal(p), id, dto.reason, ownOrg(p)),
    );
  }
}
