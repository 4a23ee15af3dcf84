import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AccountsService } from './accounts.service';
import { PageQueryDto } from './dto/organisation.dto';
import { CreateUserDto, UserPageDto, UserResponseDto } from './dto/user.dto';
import { Role } from './entities/roles';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  async create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.accounts.createUser(dto));
  }

  @Get()
  async list(@Query() q: PageQueryDto): Promise<UserPageDto> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    const [rows, total] = await this.accounts.listUsers(offset, limit);
    return { items: rows.map((u) => UserResponseDto.from(u)), total, offset, limit };
  }
}
