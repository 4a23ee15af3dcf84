import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { AccountAdministration } from './account-administration.service';
import { AccountsService } from './accounts.service';
import { PageQueryDto } from './dto/organisation.dto';
import { CreateUserDto, DisableUserDto, UserPageDto, UserResponseDto } from './dto/user.dto';
import { Role } from '../../common/roles';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly administration: AccountAdministration,
  ) {}

  /** Make an account. Admin: any role but legal. Legal staff: legal accounts, which sign in
   * once a second legal person confirms them */
  @Post()
  @Roles(Role.Admin, Role.Legal)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateUserDto,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.administration.createUser(actorFromPrincipal(p), dto));
  }

  /** A second legal person confirms a legal account made by another */
  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(Role.Legal)
  async confirm(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.administration.confirmLegal(actorFromPrincipal(p), id));
  }

  /** Disable a person: their sessions end and the keys they made are revoked */
  @Post(':id/disable')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Legal)
  async disable(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DisableUserDto,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(
      await this.administration.disable(actorFromPrincipal(p), id, dto.reason),
    );
  }

  @Get()
  @Roles(Role.Admin)
  async list(@Query() q: PageQueryDto): Promise<UserPageDto> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    const [rows, total] = await this.accounts.listUsers(offset, limit);
    return { items: rows.map((u) => UserResponseDto.from(u)), total, offset, limit };
  }
}
