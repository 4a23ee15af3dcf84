import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Role } from '../accounts/entities/roles';
import { Roles } from '../auth/auth.decorators';
import { AuditRepository } from './audit.repository';
import { AuditEntry, AuditVerification } from './audit.types';

export class AuditQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  subjectType?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  subjectId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** Page backwards: entries before this sequence number */
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  beforeSeq?: string;
}

export class AuditPageDto {
  verification!: AuditVerification;
  entries!: AuditEntry[];
}

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
