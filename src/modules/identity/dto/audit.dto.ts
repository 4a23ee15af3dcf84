import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { AuditEntry, AuditVerification } from '../audit.types';

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
