import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/roles';
import { Roles } from '../auth/auth.decorators';
import { AuditRepository } from './audit.repository';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto';

// The audit log for legal staff, with the state of its hash chain (RA-7).
@ApiTags('legal')
@ApiBearerAuth()
@Controller('api/v1/legal/audit')
@Roles(Role.Legal)
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  async list(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return {
      verification: await this.audit.verify(),
      entries: await this.audit.list({
        subjectType: q.subjectType,
        subjectId: q.subjectId,
        limit: q.limit ?? 100,
        beforeSeq: q.beforeSeq,
      }),
    };
  }
}
