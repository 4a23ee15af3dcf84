import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/roles';
import { actorFromPrincipal } from '../identity/audit.types';
import { ApiKeyService } from './api-key.service';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/auth.dto';
import { Principal } from './principal';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
@Roles(Role.Complainant, Role.Admin)
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  /** Create a key (a signed-in person only). Complainants get a key for their own organisation;
   * admins choose role (never legal) and organisation; scopes narrow what the key may do */
  @Post()
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponseDto> {
    const { apiKey, key } = await this.apiKeys.issue(principal, dto);
    return { ...ApiKeyResponseDto.from(apiKey), key };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyResponseDto[]> {
    return (await this.apiKeys.list(principal)).map((k) => ApiKeyResponseDto.from(k));
  }

  /** Revoke a key; it stops working at once here and within 10 s in any other API process */
  @Delete(':id')
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ApiKeyResponseDto> {
    return ApiKeyResponseDto.from(
      await this.apiKeys.revoke(principal, actorFromPrincipal(principal), id),
    );
  }
}
