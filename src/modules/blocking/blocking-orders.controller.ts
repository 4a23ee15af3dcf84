import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { BlockingOrdersService, MAX_DOCUMENT_BYTES } from './blocking-orders.service';
import { CreateOrderDto, CreateUpdateRequestsDto } from './dto/blocking-requests.dto';
import {
  OrderDetailResponseDto,
  OrderResponseDto,
  UpdateRequestResponseDto,
} from './dto/blocking-responses.dto';
import { readBlockingBody } from './read-body';
import { UpdateRequestsService } from './update-requests.service';

// Counsel sees its own organisation's orders only; ISP staff see all (null).
export const ownOrg = (p: Principal): string | null =>
  p.role === Role.Complainant ? (p.organisationId ?? '00000000-0000-0000-0000-000000000000') : null;

// Orders and counsel's update requests (BO-1, BO-2). Counsel submits for legal to confirm;
// legal records (confirmed at once); the desk reads.
@ApiTags('blocking')
@ApiBearerAuth()
@Controller('api/v1/blocking/orders')
export class BlockingOrdersController {
  constructor(
    private readonly orders: BlockingOrdersService,
    private readonly updates: UpdateRequestsService,
  ) {}

  @Post()
  @Roles(Role.Complainant, Role.Legal)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateOrderDto,
  ): Promise<OrderDetailResponseDto> {
    const legal = p.role === Role.Legal;
    const d = await this.orders.record(
      { actor: actorFromPrincipal(p), organisationId: ownOrg(p), legal },
      dto,
    );
    return OrderDetailResponseDto.fromDetail(d, legal);
  }

  @Get()
  @Roles(Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin)
  async list(@CurrentPrincipal() p: Principal): Promise<OrderResponseDto[]> {
    return (await this.orders.list(ownOrg(p))).map(OrderResponseDto.from);
  }

  @Get(':id')
  @Roles(Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin)
  async detail(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OrderDetailResponseDto> {
    return OrderDetailResponseDto.fromDetail(
      await this.orders.detail(id, ownOrg(p)),
      p.role === Role.Legal,
    );
  }

  /** The order PDF as the raw body; stored once with its SHA-256 and frozen */
  @Put(':id/document')
  @Roles(Role.Complainant, Role.Legal)
  @ApiConsumes('application/pdf')
  async document(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<OrderResponseDto> {
    const bytes = await readBlockingBody(
      req,
      ['application/pdf', 'application/octet-stream'],
      MAX_DOCUMENT_BYTES,
    );
    return OrderResponseDto.from(
      await this.orders.storeDocument(actorFromPrincipal(p), id, bytes, ownOrg(p)),
    );
  }

  @Get(':id/document')
  @Roles(Role.Complainant, Role.Legal)
  async readDocument(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const bytes = await this.orders.document(id, ownOrg(p));
    res.setHeader('Content-Type', 'application/pdf');
    return new StreamableFile(bytes);
  }

  /** Counsel proposes mirrors under its order; nothing is applied until legal decides */
  @Post(':id/update-requests')
  @Roles(Role.Complainant, Role.Legal)
  @HttpCode(201)
  async propose(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateUpdateRequestsDto,
  ): Promise<UpdateRequestResponseDto[]> {
    return (await this.updates.propose(actorFromPrincipal(p), id, ownOrg(p), dto.targets)).map(
      UpdateRequestResponseDto.from,
    );
  }
}
