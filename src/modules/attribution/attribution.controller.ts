import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/roles';
import { Roles } from '../auth/auth.decorators';
import { AttributionService } from './attribution.service';
import { AttributionResultDto, LookupBatchDto } from './dto/attribution.dto';

@ApiTags('attribution')
@ApiBearerAuth()
@Controller('api/v1/attribution')
@Roles(Role.AbuseDesk, Role.Legal, Role.Admin)
export class AttributionController {
  constructor(private readonly attribution: AttributionService) {}

  /** Who held each address (and port) at that second: a pseudonymous reference, never identity */
  @Post('lookups')
  @HttpCode(200)
  async lookups(@Body() dto: LookupBatchDto): Promise<AttributionResultDto[]> {
    const results = await this.attribution.attributeMany(
      dto.lookups.map((l) => ({
        ip: l.ip,
        port: l.port ?? null,
        at: new Date(l.at),
        protocol: l.protocol ?? null,
      })),
    );
    return results.map((r) => AttributionResultDto.from(r));
  }
}
