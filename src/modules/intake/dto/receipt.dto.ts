import { PageParam } from '../../../common/http/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  ItemRow,
  ITEM_STATUSES,
  NoticeRow,
  NOTICE_STATUSES,
  NoticeStatus,
  NoticeSummaryRow,
} from '../intake.types';
import type { CheckResult } from '../policy/notice-policy';

// What a complainant may read: whitelisted fields only. No account, no subscriber reference,
// no attribution evidence, no internal reason text (SN-2, MA-4).
const PUBLIC_REASONS: Record<string, string> = {
  duplicate: 'the same sender, case, address, port and time were received before',
  ambiguous: 'the address was shared by several accounts at that time; not forwarded',
  no_lease: 'no account held the address at that time in our records',
  needs_port: 'the address is shared (CGNAT) and a source port is required',
  out_of_retention: 'the time is outside our log retention',
  not_our_address: 'the address is not in our address space',
  settlement_demand:
    'the notice demands settlement, payment or personal information; not forwarded under the applicable regime',
  quota: "over the sender's hourly quota; it will proceed when the window frees up",
  awaiting_confirmation: 'read from plain text; waiting for the abuse desk to confirm it',
  warning_dead_lettered: 'the warning to the subscriber could not be delivered',
  warning_outcome_unknown:
    'the warning was handed to the mail server but its delivery is not confirmed',
};

export class WarningDto {
  code!: string;
  message!: string;
}

export class ReceiptItemDto {
  position!: number;
  @ApiPropertyOptional({ type: String, nullable: true })
  ip!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  port!: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  observedAt!: string | null;
  /** accepted, queued, refused, duplicate, attributed, forwarded or not_forwarded */
  @ApiProperty({ enum: ITEM_STATUSES })
  status!: string;
  /** The rule that refused it, the attribution outcome, `duplicate`, `quota`... */
  @ApiPropertyOptional({ type: String, nullable: true })
  reasonCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  reason!: string | null;
  /** For a queued item: when it is expected to proceed */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  expectedAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  forwardedAt!: string | null;
  /** Every check the item failed (`not_p2p` for a missing P2P protocol), not only the first */
  @ApiProperty({ type: [String] })
  failedChecks!: string[];

  static from(i: ItemRow, checks: CheckResult[] = []): ReceiptItemDto {
    const reason =
      i.status === 'refused'
        ? i.reason
        : i.reasonCode !== null
          ? (PUBLIC_REASONS[i.reasonCode] ?? i.reasonCode)
          : null;
    return {
      position: i.position,
      ip: i.ip,
      port: i.port,
      observedAt: i.observedAt?.toISOString() ?? null,
      status: i.status,
      reasonCode: i.reasonCode,
      reason,
      expectedAt: i.status === 'queued' ? (i.expectedAt?.toISOString() ?? null) : null,
      forwardedAt: i.forwardedAt?.toISOString() ?? null,
      failedChecks: checks
        .filter((c) => c.result === 'fail' && (c.scope === 'notice' || c.position === i.position))
        .map((c) => (c.check === 'p2p_evidence' ? 'not_p2p' : c.check)),
    };
  }
}

export class NoticeReceiptDto {
  /** Pseudonymous reference of the notice */
  reference!: string;
  @ApiProperty({ enum: NOTICE_STATUSES })
  status!: string;
  channel!: string;
  format!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  caseId!: string | null;
  receivedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  refusalCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  refusalReason!: string | null;
  /** Repairs made to damaged input */
  @ApiProperty({ type: [WarningDto] })
  warnings!: WarningDto[];
  /** The good-faith and accuracy statements made with the notice (IN-4) */
  goodFaithStatement!: boolean;
  accuracyStatement!: boolean;
  @ApiProperty({ type: [ReceiptItemDto] })
  items!: ReceiptItemDto[];

  static from(n: NoticeRow, items: ItemRow[]): NoticeReceiptDto {
    return {
      reference: n.reference,
      status: n.status,
      channel: n.channel,
      format: n.sourceFormat,
      caseId: n.caseId,
      receivedAt: n.receivedAt.toISOString(),
      refusalCode: n.refusalCode,
      refusalReason: n.refusalReason,
      warnings: n.warnings.map((w) => ({ code: w.code, message: w.message })),
      goodFaithStatement: n.goodFaithStatement,
      accuracyStatement: n.accuracyStatement,
      items: items.map((i) => ReceiptItemDto.from(i, n.checks ?? [])),
    };
  }
}

export class NoticeListQueryDto {
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;

  @PageParam()
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class NoticeSummaryDto {
  reference!: string;
  @ApiProperty({ enum: NOTICE_STATUSES })
  status!: string;
  channel!: string;
  format!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  caseId!: string | null;
  /** Why a whole notice was refused (a rule name), else null */
  @ApiPropertyOptional({ type: String, nullable: true })
  refusalCode!: string | null;
  receivedAt!: string;
  /** Items by status */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  itemCounts!: Record<string, number>;

  static from(r: NoticeSummaryRow): NoticeSummaryDto {
    return {
      reference: r.reference,
      status: r.status,
      channel: r.channel,
      format: r.sourceFormat,
      caseId: r.caseId,
      refusalCode: r.refusalCode,
      receivedAt: r.receivedAt.toISOString(),
      itemCounts: r.itemCounts,
    };
  }
}

export class NoticePageDto {
  total!: number;
  page!: number;
  pageSize!: number;
  @ApiProperty({ type: [NoticeSummaryDto] })
  notices!: NoticeSummaryDto[];
}
