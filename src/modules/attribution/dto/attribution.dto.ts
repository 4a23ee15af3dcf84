import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
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

  /** Transport protocol of the connection (tcp or udp), if known: a CGNAT port block of another protocol then does not compete */
  @IsOptional()
  @IsIn(['tcp', 'udp'])
  protocol?: 'tcp' | 'udp';

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

export class EvidenceDto {
  hop!: 'nat' | 'lease';
  table!: 'lease_bindings' | 'nat_port_blocks' | 'nat_pools';
  recordId!: string;
  /** Log source the record came from */
  source!: string;
  toleranceSeconds!: number;
  address!: string;
  starts!: string | null;
  ends!: string | null;
  endIsActual!: boolean | null;
  confirmedUntil!: string | null;
  /** True when the record covers the time only thanks to the clock tolerance */
  onlyWithinTolerance!: boolean;
  /** For a record that does not hold the time: seconds between it and the time */
  secondsAway?: number;
  subscriberRef!: string | null;
  /** First and last port of a CGNAT block */
  ports?: number[];
  insideAddress?: string;
  pool?: string | null;
  /** A per-protocol port block's protocol (null: every protocol) */
  protocol?: string | null;

  static from(e: Evidence): EvidenceDto {
    return { ...e, ports: e.ports ? [...e.ports] : undefined };
  }
}

export class AttributionResultDto {
  outcome!: string;
  /** Pseudonymous subscriber reference (unique outcome only) */
  subscriberRef!: string | null;
  candidates!: number;
  reason!: string | null;
  evidence!: EvidenceDto[];

  static from(r: AttributionResult): AttributionResultDto {
    return {
      outcome: r.outcome,
      subscriberRef: r.subscriberRef,
      candidates: r.candidates,
      reason: r.reason,
      evidence: r.evidence.map((e) => EvidenceDto.from(e)),
    };
  }
}
