import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode } from './blocking.errors';
import { BlockingOrdersService } from './blocking-orders.service';
import {
  ConfirmOrderDto,
  CostDto,
  ExpiringQueryDto,
  ProtectedEntryDto,
  ProtectedImportQueryDto,
  ReasonDto,
  UpdateDecisionDto,
} from './dto/blocking-requests.dto';
import {
  CostResponseDto,
  OrderDetailResponseDto,
  OrderResponseDto,
  ProtectedResponseDto,
} from './dto/blocking-responses.dto';
import { ProtectedListService, ProtectedLoadReport } from './protected-list.service';
import { readBlockingBody } from './read-body';
import { Ticket, TicketImportService, TicketReport } from './ticket-import.service';
import { DecisionOutcome, UpdateRequestsService } from './update-requests.service';

// Legal's side of the register: confirming orders, deciding updates (one or in bulk), the
// protected list, cost lines, tickets and the near-expiry list. Only the legal role decides.
@ApiTags('legal')
@ApiBearerAuth()
@Controller('api/v1/legal/blocking')
@Roles(Role.Legal)
export class LegalBlockingController {
  constructor(
    private readonly orders: BlockingOrdersService,
    private readonly updates: UpdateRequestsService,
    private readonly protectedList: ProtectedListService,
    private readonly tickets: TicketImportService,
  ) {}

  @Post('orders/:id/confirm')
  @HttpCode(200)
  async confirm(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ConfirmOrderDto,
  ): Promise<OrderDetailResponseDto> {
    return OrderDetailResponseDto.fromDetail(
      await this.orders.confirm(actorFromPrincipal(p), id, dto.reason, dto.overrides),
      true,
    );
  }

  @Post('orders/:id/reject')
  @HttpCode(200)
  async reject(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<OrderDetailResponseDto> {
    return OrderDetailResponseDto.fromDetail(
      await this.orders.reject(actorFromPrincipal(p), id, dto.reason),
      true,
    );
  }

  @Post('orders/:id/costs')
  async addCost(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CostDto,
  ): Promise<CostResponseDto> {
    return CostResponseDto.from(await this.orders.addCost(actorFromPrincipal(p), id, dto));
  }

  /** Confirmed orders ending soon (BLOCKING_EXPIRY_WARNING_DAYS unless `days`) */
  @Get('expiring')
  @Roles(Role.Legal, Role.AbuseDesk, Role.Admin)
  async expiring(@Query() q: ExpiringQueryDto): Promise<OrderResponseDto[]> {
    return (await this.orders.expiring(q.days)).map(OrderResponseDto.from);
  }

  /** Approve (citing the basis) or refuse (with a ground) one or many update requests */
  @Post('update-requests/decisions')
  @HttpCode(200)
  async decide(
    @CurrentPrincipal() p: Principal,
    @Body() dto: UpdateDecisionDto,
  ): Promise<DecisionOutcome[]> {
    if (dto.decision === 'approve') {
      if (!dto.basis)
        throw missing('basis', 'an approval cites its legal basis (kind and reference)');
      return this.updates.decide(actorFromPrincipal(p), dto.ids, {
        decision: 'approve',
        basis: dto.basis,
        reason: dto.reason,
        overrideJustification: dto.overrideJustification,
      });
    }
    if (!dto.ground) throw missing('ground', 'a refusal names its ground');
    return this.updates.decide(actorFromPrincipal(p), dto.ids, {
      decision: 'refuse',
      ground: dto.ground,
      reason: dto.reason,
    });
  }

  @Get('protected')
  @Roles(Role.Legal, Role.AbuseDesk, Role.Admin)
  async protectedList_(): Promise<ProtectedResponseDto[]> {
    return (await this.protectedList.list()).map(ProtectedResponseDto.from);
  }

  @Post('protected')
  async addProtected(
    @CurrentPrincipal() p: Principal,
    @Body() dto: ProtectedEntryDto,
  ): Promise<ProtectedResponseDto> {
    return ProtectedResponseDto.from(await this.protectedList.add(actorFromPrincipal(p), dto));
  }

  /** A protected-list file (docs/blocking.md) as text/plain, e.g. a CDN's published ranges */
  @Post('protected/import')
  @HttpCode(200)
  @ApiConsumes('text/plain')
  async importProtected(
    @CurrentPrincipal() p: Principal,
    @Query() q: ProtectedImportQueryDto,
    @Req() req: Request,
  ): Promise<ProtectedLoadReport> {
    const text = (await readBlockingBody(req, ['text/plain'], 20 * 1024 * 1024)).toString('utf8');
    return this.protectedList.load(actorFromPrincipal(p), text, {
      source: q.source,
      asn: q.asn,
      replace: q.replace === 'true',
    });
  }

  @Delete('protected/:id')
  async removeProtected(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
  ): Promise<ProtectedResponseDto> {
    return ProtectedResponseDto.from(
      await this.protectedList.remove(actorFromPrincipal(p), id, dto.reason),
    );
  }

  /** A Piracy-Shield-style ticket (JSON shape in docs/blocking.md): each item answered */
  @Post('tickets')
  @HttpCode(200)
  async importTicket(
    @CurrentPrincipal() p: Principal,
    @Body() body: Ticket,
  ): Promise<TicketReport> {
    return this.tickets.import(actorFromPrincipal(p), body);
  }
}

function missing(field: string, message: string): BlockingError {
  return new BlockingError(BlockingErrorCode.BasisNotAllowed, 'invalid', `${field}: ${message}`, [
    { field, message },
  ]);
}
