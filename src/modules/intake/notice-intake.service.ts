import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomFillSync, randomUUID } from 'node:crypto';
import { AttributionDispatcher } from './attribution-dispatcher';
import { NoticeReceiptDto } from './dto/receipt.dto';
import { IntakeQuotaRepository } from './intake-quota.repository';
import { NoticeRepository } from './notice.repository';
import { NoticeVerdictService } from './notice-verdict.service';
import { Channel, ItemRow, NewItem, NewNotice } from './intake.types';
import type { ParsedNotice, ParseOutcome } from './parsing';
import { CheckResult } from './policy/notice-policy';

export interface Submission {
  organisationId: string;
  channel: Channel;
  mediaType: string;
  sourceFormat: string;
  original: Buffer;
  parsed: ParsedNotice;
  idempotencyKey?: string | null;
  senderAddress?: string | null;
  goodFaithStatement?: boolean;
  accuracyStatement?: boolean;
}

export interface SubmitResult {
  noticeId: string;
  // False when an earlier notice answers this one (same Idempotency-Key, or every item a duplicate).
  created: boolean;
  // The new notice's receipt as stored, so answering needs no read back; null for an earlier one.
  receipt: NoticeReceiptDto | null;
}

const UNIQUE_VIOLATION = '23505';

// Random bytes for references, drawn from the CSPRNG 8 KiB at a time: one randomBytes(8) call
// per notice cost about 60 µs (issue #15); the bytes are as unguessable either way.
const REFERENCE_BYTES = 8;
const referencePool = Buffer.alloc(8192);
let referenceOffset = referencePool.length;

function newReference(): string {
  if (referenceOffset + REFERENCE_BYTES > referencePool.length) {
    randomFillSync(referencePool);
    referenceOffset = 0;
  }
  const bytes = referencePool.subarray(referenceOffset, referenceOffset + REFERENCE_BYTES);
  referenceOffset += REFERENCE_BYTES;
  // Pseudonymous and unguessable; says nothing about the sender or the subscriber.
  return `NTC-${bytes.toString('base64url').replace(/[-_]/g, 'x').toUpperCase()}`;
}

// Intake (IN-1..IN-8, VA-1..VA-6): validate by policy, deduplicate, apply the sender's quota,
// store the original bytes and the verdict in one transaction, hand accepted items on.
@Injectable()
export class NoticeIntakeService {
  private readonly logger = new Logger(NoticeIntakeService.name);

  constructor(
    private readonly repo: NoticeRepository,
    private readonly quota: IntakeQuotaRepository,
    private readonly verdicts: NoticeVerdictService,
    private readonly dispatcher: AttributionDispatcher,
  ) {}

  async submit(s: Submission, now = new Date()): Promise<SubmitResult> {
    try {
      return await this.trySubmit(s, now);
    } catch (err) {
      // Two identical notices racing: the loser finds the winner's items on the second pass.
      if (isUniqueViolation(err)) return this.trySubmit(s, now);
      throw err;
    }
  }

  // An e-mail from an address no organisation registered waits for the abuse desk (not dropped).
  async quarantine(input: {
    channel: Channel;
    mediaType: string;
    original: Buffer;
    outcome: ParseOutcome;
    senderAddress: string | null;
    // Why the From address was not trusted, when that is why it is here (shown to the desk).
    unauthenticated?: string | null;
  }): Promise<string> {
    const id = randomUUID();
    const why = input.unauthenticated ?? null;
    const unreadable = input.outcome.ok ? null : input.outcome;
    await this.repo.insertNotice(
      {
        ...this.noticeBase(id, input.original),
        organisationId: null,
        channel: input.channel,
        sourceFormat: input.outcome.ok ? input.outcome.notice.format : 'unknown',
        mediaType: input.mediaType,
        senderAddress: input.senderAddress,
        parsed: input.outcome.ok ? input.outcome.notice : null,
        status: 'quarantined',
        refusalCode: unreadable?.code ?? (why !== null ? 'sender_unauthenticated' : null),
        refusalReason:
          [unreadable?.message, why].filter((t): t is string => !!t).join('; ') || null,
      },
      [],
    );
    this.logger.log(
      { noticeId: id },
      why !== null
        ? 'notice quarantined: sender not authenticated'
        : 'notice quarantined: unknown sender',
    );
    return id;
  }

  // A notice that reached us but could not be read is kept (IN-1) with the refusal.
  async recordUnreadable(input: {
    organisationId: string;
    channel: Channel;
    mediaType: string;
    original: Buffer;
    senderAddress: string | null;
    code: string;
    message: string;
  }): Promise<string> {
    const id = randomUUID();
    await this.repo.insertNotice(
      {
        ...this.noticeBase(id, input.original),
        organisationId: input.organisationId,
        channel: input.channel,
        sourceFormat: 'unknown',
        mediaType: input.mediaType,
        senderAddress: input.senderAddress,
        parsed: null,
        status: 'refused',
        refusalCode: input.code,
        refusalReason: input.message,
      },
      [],
    );
    return id;
  }

  // Settles once a job carrying the notice is queued (batched with others: AttributionDispatcher).
  enqueueAttribution(noticeId: string): Promise<void> {
    return this.dispatcher.dispatch(noticeId);
  }

  private async trySubmit(s: Submission, now: Date): Promise<SubmitResult> {
    const key = s.idempotencyKey ?? null;
    if (key !== null) {
      const earlier = await this.repo.findNoticeIdByIdempotencyKey(s.organisationId, key);
      if (earlier) return { noticeId: earlier, created: false, receipt: null };
    }
    const id = randomUUID();
    const plan = await this.verdicts.plan(s.organisationId, s.parsed, now);
    if (plan.answeredBy !== null) {
      await this.quota.refundQuota(s.organisationId, plan.window, plan.granted);
      return { noticeId: plan.answeredBy, created: false, receipt: null };
    }
    const notice: NewNotice = {
      ...this.noticeBase(id, s.original, now),
      organisationId: s.organisationId,
      channel: s.channel,
      sourceFormat: s.sourceFormat,
      mediaType: s.mediaType,
      senderAddress: s.senderAddress ?? null,
      parsed: s.parsed,
      idempotencyKey: key,
      goodFaithStatement: s.goodFaithStatement ?? false,
      accuracyStatement: s.accuracyStatement ?? false,
      ...plan.update,
    };
    try {
      await this.repo.insertNotice(notice, plan.items);
    } catch (err) {
      await this.quota.refundQuota(s.organisationId, plan.window, plan.granted);
      if (key !== null && isUniqueViolation(err)) {
        const earlier = await this.repo.findNoticeIdByIdempotencyKey(s.organisationId, key);
        if (earlier) return { noticeId: earlier, created: false, receipt: null };
      }
      throw err;
    }
    if (plan.granted > 0) await this.enqueueAttribution(id);
    return { noticeId: id, created: true, receipt: receiptOf(notice, plan.items) };
  }

  private noticeBase(id: string, original: Buffer, receivedAt = new Date()) {
    return {
      id,
      receivedAt,
      reference: newReference(),
      original,
      originalSha256: createHash('sha256').update(original).digest('hex'),
      checks: [] as CheckResult[],
      idempotencyKey: null,
      goodFaithStatement: false,
      accuracyStatement: false,
      settlementFlagged: false,
    };
  }
}

function receiptOf(n: NewNotice, items: NewItem[]): NoticeReceiptDto {
  const rows: ItemRow[] = items.map((i) => ({
    ...i,
    noticeId: n.id,
    attributionOutcome: null,
    subscriberRef: null,
    attribution: null,
    attributedAt: null,
    regime: null,
    forwardedAt: null,
  }));
  return NoticeReceiptDto.from(
    {
      ...n,
      organisationName: null,
      caseId: n.parsed?.caseId ?? null,
      ownerName: n.parsed?.owner ?? null,
      warnings: n.parsed?.warnings ?? [],
      updatedAt: n.receivedAt,
    },
    rows,
  );
}

function isUniqueViolation(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}
