import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsIP,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AttributionResult, Evidence } from '../attribution.types';

export class LookupDto {
  @IsIP()
  ip!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  port?: number;

  /** ISO 8601 with an explicit zone, to the second */
  @IsISO8601({ strict: true })
  @Matches(/T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, {
    message: 'at must give seconds and an explicit zone (Z or ±hh:mm)',
  })
  at!: string;
}

export class LookupBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => LookupDto)
  lookups!: LookupDto[];
}

export class AttributionResultDto {
  outcome!: string;
  /** Pseudonymous subscriber reference (unique outcome only) */
  subscriberRef!: string | null;
  candidates!: number;
  reason!: string | null;
  evidence!: Evidence[];

  static from(r: AttributionResult): AttributionResultDto {
    return { ...r };
  }
}
