import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AccountsService } from './accounts.service';
import {
  CreateOrganisationDto,
  OrganisationPageDto,
  OrganisationResponseDto,
  PageQueryDto,
  SetAccreditationDto,
} from './dto/organisation.dto';
import { Role } from './entities/roles';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly accounts: AccountsService) {}

  /** Register a complainant organisation with the owners it acts for */
  @Post()
  @Roles(Role.Admin)
  async create(@Body() dto: CreateOrganisationDto): Promise<OrganisationResponseDto> {
    return OrganisationResponseDto.from(await this.accounts.createOrganisation(dto));
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

  /** Accredit, suspend or revoke a sender (IN-4, VA-6) */
  @Patch(':id/accreditation')
  @Roles(Role.Legal, Role.Admin)
  async setAccreditation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetAccreditationDto,
  ): Promise<OrganisationResponseDto> {
    return OrganisationResponseDto.from(
      await this.accounts.setAccreditation(id, dto.accreditation, dto.note),
    );
  }
}
