import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const MAX_ITEMS_PER_NOTICE = 1000;

export class ClaimantDto {
  /** Name of the claimant (rights holder or its agent) */
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  address?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(300)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  phone?: string;
}

export class NoticeItemDto {
  /** IPv4 or IPv6 address seen sharing the work */
  @IsIP()
  ip!: string;

  /** Source port; required when the address belongs to a CGNAT pool (VA-4) */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  port?: number;

  /** When it was seen: ISO 8601 with seconds and an explicit zone, e.g. 2026-10-04T21:13:07Z */
  @IsString()
  @MaxLength(120)
  observedAt!: string;

  /** Peer-to-peer protocol, e.g. BitTorrent */
  @IsString()
  @MaxLength(100)
  protocol!: string;

  /** Client software, e.g. qBittorrent */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  application?: string;

  /** The work; defaults to the notice's title */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  fileName?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  fileSize?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  hash?: string;

  /** e.g. SHA1 (a BitTorrent infohash) */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  hashType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  peerId?: string;
}

/** notice-relay's own JSON notice (`application/json`) */
export class NoticeSubmissionDto {
  /** The sender's case or notice id; part of the duplicate rule */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  caseId!: string;

  /** The copyright owner the sender acts for (must be registered for the sender, IN-4) */
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  owner!: string;

  /** Defaults to the sender organisation's registered name and address */
  @IsOptional()
  @ValidateNested()
  @Type(() => ClaimantDto)
  claimant?: ClaimantDto;

  /** Title of the work, used for items that name none */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  title?: string;

  @ApiProperty({ type: [NoticeItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_NOTICE)
  @ValidateNested({ each: true })
  @Type(() => NoticeItemDto)
  items!: NoticeItemDto[];

  /** Free text forwarded with the notice; screened for settlement demands (VA-2) */
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  text?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  refUrl?: string;

  @IsOptional()
  @IsBoolean()
  goodFaithStatement?: boolean;

  @IsOptional()
  @IsBoolean()
  accuracyStatement?: boolean;
}
