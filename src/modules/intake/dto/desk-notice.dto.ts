import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  ItemRow,
  NoticeRow,
  NOTICE_STATUSES,
  NoticeStatus,
  NoticeSummaryRow,
  SenderQualityRow,
} from '../intake.types';
import type { ParsedItem } from '../parsing';
import { NoticeListQueryDto, WarningDto } from './receipt.dto';

// Desk and legal see the pseudonymous subscriber reference and the evidence; identity and the
// account id are never part of these DTOs (MA-4).
export class DeskItemDto {
  position!: number;
  @ApiPropertyOptional({ type: String, nullable: true })
  ip!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  port!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  observedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  protocol!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  application!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  title!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  fileName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  hash!: string | null;
  status!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  reasonCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  reason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  attributionOutcome!: string | null;
  /** Pseudonymous subscriber reference (unique outcome only) */
  @ApiPropertyOptional({ type: String, nullable: true })
  subscriberRef!: string | null;
  /** How the match was found: records, sources, tolerances (MA-3, MA-5) */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  attribution!: unknown;
  @ApiPropertyOptional({ type: String, nullable: true })
  regime!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  attributedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  expectedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  forwardedAt!: string | null;
  /** Read from plain text: the lines it came from, for the desk to compare before confirming */
  @ApiPropertyOptional({ type: [String], nullable: true })
  readFromText!: string[] | null;

  static from(i: ItemRow, parsed: ParsedItem | undefined = undefined): DeskItemDto {
    return {
      position: i.position,
      ip: i.ip,
      port: i.port,
      observedAt: i.observedAt?.toISOString() ?? null,
      protocol: i.protocol,
      application: i.application,
      title: i.title,
      fileName: i.fileName,
      hash: i.hash,
      status: i.status,
      reasonCode: i.reasonCode,
      reason: i.reason,
      attributionOutcome: i.attributionOutcome,
      subscriberRef: i.subscriberRef,
      attribution: i.attribution,
      regime: i.regime,
      attributedAt: i.attributedAt?.toISOString() ?? null,
      expectedAt: i.expectedAt?.toISOString() ?? null,
      forwardedAt: i.forwardedAt?.toISOString() ?? null,
      readFromText: parsed?.readFromText?.lines ?? null,
    };
  }
}

// What the desk sees of every notice, in a list or opened.
export class DeskNoticeHeadDto {
  id!: string;
  reference!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  organisationId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  organisationName!: string | null;
  channel!: string;
  format!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  senderAddress!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  caseId!: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES })
  status!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  refusalCode!: string | null;
  receivedAt!: string;
}

const deskNoticeHead = (n: Omit<NoticeSummaryRow, 'itemCounts'>): DeskNoticeHeadDto => ({
  id: n.id,
  reference: n.reference,
  organisationId: n.organisationId,
  organisationName: n.organisationName,
  channel: n.channel,
  format: n.sourceFormat,
  senderAddress: n.senderAddress,
  caseId: n.caseId,
  status: n.status,
  refusalCode: n.refusalCode,
  receivedAt: n.receivedAt.toISOString(),
});

export class DeskNoticeDto extends DeskNoticeHeadDto {
  mediaType!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  owner!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  refusalReason!: string | null;
  settlementFlagged!: boolean;
  /** The good-faith and accuracy statements made with the notice (IN-4) */
  goodFaithStatement!: boolean;
  accuracyStatement!: boolean;
  /** Every validation check's result */
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  checks!: unknown[];
  @ApiProperty({ type: [WarningDto] })
  warnings!: WarningDto[];
  /** The parsed fields (the original bytes are kept unaltered beside them) */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  parsed!: unknown;
  @ApiProperty({ type: [DeskItemDto] })
  items!: DeskItemDto[];

  static from(n: NoticeRow, items: ItemRow[]): DeskNoticeDto {
    return {
      ...deskNoticeHead(n),
      mediaType: n.mediaType,
      owner: n.ownerName,
      refusalReason: n.refusalReason,
      settlementFlagged: n.settlementFlagged,
      goodFaithStatement: n.goodFaithStatement,
      accuracyStatement: n.accuracyStatement,
      checks: n.checks,
      warnings: n.warnings,
      parsed: n.parsed,
      items: items.map((i) => DeskItemDto.from(i, n.parsed?.items?.[i.position])),
    };
  }
}

export class DeskNoticeSummaryDto extends DeskNoticeHeadDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  itemCounts!: Record<string, number>;

  static from(r: NoticeSummaryRow): DeskNoticeSummaryDto {
    return { ...deskNoticeHead(r), itemCounts: r.itemCounts };
  }
}

export class DeskNoticePageDto {
  total!: number;
  page!: number;
  pageSize!: number;
  @ApiProperty({ type: [DeskNoticeSummaryDto] })
  notices!: DeskNoticeSummaryDto[];
}

export class DeskNoticeListQueryDto extends NoticeListQueryDto {
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class AcceptQuarantinedDto {
  /** The complainant organisation the notice is from */
  @IsUUID()
  organisationId!: string;
}

export class RejectQuarantinedDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class InvalidateNoticeDto {
  /** Why the notice is invalid (kept on the notice and on each withdrawn strike) */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class InvalidatedNoticeDto {
  notice!: DeskNoticeDto;
  /** Strikes of this notice withdrawn now (ER-3) */
  withdrawnStrikes!: number;
}

export class SenderQualityDto {
  organisationId!: string;
  organisationName!: string;
  accreditation!: string;
  notices!: number;
  items!: number;
  refused!: number;
  unmatched!: number;
  challenged!: number;
  forwarded!: number;
  /** Shares of items (duplicates excluded); null without items */
  @ApiPropertyOptional({ type: Number, nullable: true })
  invalidRate!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  unmatchedRate!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  challengedRate!: number | null;

  static from(r: SenderQualityRow): SenderQualityDto {
    const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
    const matched = r.items - r.refused;
    return {
      ...r,
      invalidRate: rate(r.refused, r.items),
      unmatchedRate: rate(r.unmatched, matched),
      challengedRate: rate(r.challenged, r.forwarded),
    };
  }
}

export const QUARANTINE_STATUS: NoticeStatus = 'quarantined';
