import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { AccountsService } from './accounts.service';
import {
  CreateOrganisationDto,
  OrganisationPageDto,
  OrganisationResponseDto,
  PageQueryDto,
  SetAccreditationDto,
} from './dto/organisation.dto';
import { Role } from '../../common/roles';
import { SenderStandingService } from './sender-standing.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly standing: SenderStandingService,
  ) {}

  /** Register a complainant organisation with the owners it acts for */
  @Post()
  @Roles(Role.Admin)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateOrganisationDto,
  ): Promise<OrganisationResponseDto> {
    return OrganisationResponseDto.from(
      await this.accounts.createOrganisation(dto, actorFromPrincipal(p)),
    );
  }

  @Get()
  @Roles(Role.AbuseDesk, Role.Legal, Role.Admin)
  async list(@Query() q: PageQueryDto): Promise<OrganisationPageDto> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    const [rows, total] = await this.accounts.listOrganisations(offset, limit);
    return { items: rows.map((o) => OrganisationResponseDto.from(o)), total, offset, limit };
  }

  @Get(':id')
  @Roles(Role.AbuseDesk, Role.Legal, Role.Admin)
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrganisationResponseDto> {
    return OrganisationResponseDto.from(await this.accounts.getOrganisation(id));
  }

  /** Accredit, suspend or revoke a sender (IN-4, VA-6); audited with the note as reason */
  @Patch(':id/accreditation')
  @Roles(Role.Legal, Role.Admin)
  async setAccreditation(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetAccreditationDto,
  ): Promise<OrganisationResponseDto> {
    return OrganisationResponseDto.from(
      await this.standing.set(
        actorFromPrincipal(principal),
        id,
        dto.accreditation,
        dto.note ?? null,
      ),
    );
  }
}
