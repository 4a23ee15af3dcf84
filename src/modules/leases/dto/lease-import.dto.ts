import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { ImportSummary } from '../lease-import.service';
import type { ImportSummaryRow } from '../leases.repository';

export const LEASE_FORMATS = [
  'auto',
  'isc-dhcpd',
  'kea-csv',
  'kea-legal',
  'radius-detail',
  'cgnat-juniper',
  'cgnat-a10',
  'cgnat-6wind',
  'cgnat-nfware',
  'generic-csv',
] as const;

export class LeaseImportQueryDto {
  /** Name of the log source (e.g. "dhcp-core-1"); created on first use */
  @IsString()
  @Length(1, 100)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'source may hold letters, digits, ".", "_" and "-"' })
  source!: string;

  @IsOptional()
  @IsIn(LEASE_FORMATS)
  format?: (typeof LEASE_FORMATS)[number];

  /** IANA zone of a source that logs local time, e.g. Europe/Paris: sets it on the first import (required for formats whose lines may carry no zone), must match it afterwards */
  @IsOptional()
  @IsString()
  timeZone?: string;

  /** Clock tolerance of the source in seconds: sets it on the first import, must match it afterwards */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  toleranceSeconds?: number;

  /** Share of bad records above which the import is aborted and rolled back */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  maxErrorRatio?: number;
}

export class LeaseImportProblemDto {
  /** 1-based line number of the record */
  line!: number;
  reason!: string;
}

export class LeaseImportResponseDto {
  importId!: number;
  source!: string;
  format!: string;
  status!: string;
  rowsRead!: number;
  imported!: number;
  duplicates!: number;
  rejected!: number;
  /** Lines of the source that carry no binding (not errors) */
  skipped!: number;
  /** The first 100 rejected records */
  problems!: LeaseImportProblemDto[];

  static from(s: ImportSummary | ImportSummaryRow): LeaseImportResponseDto {
    return {
      importId: 'importId' in s ? s.importId : s.id,
      source: s.source,
      format: s.format,
      status: s.status,
      rowsRead: s.rowsRead,
      imported: s.imported,
      duplicates: s.duplicates,
      rejected: s.rejected,
      skipped: s.skipped,
      problems: s.problems,
    };
  }
}
