import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { IntakeJob, QueueName } from '../../queue/queue-names';
import { NatPool } from '../leases/nat-pools';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import { NoticeReceiptDto } from './dto/receipt.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { IntakeRepository } from './intake.repository';
import { Channel, ItemRow, ItemStatus, NewItem, NewNotice, NoticeStatus } from './intake.types';
import type { ParsedNotice, ParseOutcome } from './parsing';
import {
  assertKnownChecks,
  CheckResult,
  evaluateNotice,
  SenderFacts,
} from './policy/notice-policy';

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

const HOUR = 3_600_000;
const POOL_CACHE_MS = 30_000;
const SENDER_CACHE_MS = 5_000;
const UNIQUE_VIOLATION = '23505';

export const attributeJobOptions = (noticeId: string) => ({
  jobId: noticeId,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 1000,
});

export function windowStartOf(t: Date): Date {
  return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
}

function newReference(): string {
  // Pseudonymous and unguessable; says nothing about the sender or the subscriber.
  return `NTC-${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').toUpperCase()}`;
}

// Intake (IN-1..IN-8, VA-1..VA-6): validate by policy, deduplicate, apply the sender's quota,
// store the original bytes and the verdict in one transaction, hand accepted items on.
@Injectable()
export class NoticeIntakeService {
  private readonly logger = new Logger(NoticeIntakeService.name);
  private readonly disabled: ReadonlySet<string>;
  private pools: { at: number; pools: NatPool[] } | null = null;
  private readonly senders = new Map<string, { at: number; facts: SenderFacts | null }>();

  constructor(
    private readonly repo: IntakeRepository,
    private readonly natPools: NatPoolsRepository,
    @InjectQueue(QueueName.Intake) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    assertKnownChecks(config.intake.disabledChecks);
    this.disabled = new Set(config.intake.disabledChecks);
  }

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
  }): Promise<string> {
    const id = randomUUID();
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
        refusalCode: input.outcome.ok ? null : input.outcome.code,
        refusalReason: input.outcome.ok ? null : input.outcome.message,
      },
      [],
    );
    this.logger.log({ noticeId: id }, 'notice quarantined: unknown sender');
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

  // The desk assigns a quarantined notice to a sender; it is then validated as if just received.
  async acceptQuarantined(
    noticeId: string,
    organisationId: string,
    now = new Date(),
  ): Promise<void> {
    const found = await this.repo.findNotice({ id: noticeId });
    if (!found) throw new IntakeError(IntakeErrorCode.NotFound, 'not_found', 'No such notice');
    if (found.notice.status !== 'quarantined') {
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        `The notice is ${found.notice.status}, not quarantined`,
      );
    }
    if (!(await this.repo.organisationExists(organisationId))) {
      throw new IntakeError(
        IntakeErrorCode.UnknownOrganisation,
        'invalid',
        'No such organisation',
        [{ field: 'organisationId', message: 'no organisation has this id' }],
      );
    }
    const parsed = found.notice.parsed;
    if (!parsed || !Array.isArray(parsed.items)) {
      await this.repo.resolveQuarantined(
        noticeId,
        organisationId,
        {
          checks: [],
          status: 'refused',
          refusalCode: found.notice.refusalCode ?? 'no_notice_found',
          refusalReason: found.notice.refusalReason ?? 'no notice could be read',
          settlementFlagged: false,
        },
        [],
      );
      return;
    }
    const revived = reviveDates(parsed);
    const plan = await this.plan(organisationId, revived, now);
    const ok = await this.repo.resolveQuarantined(
      noticeId,
      organisationId,
      plan.update,
      plan.items,
    );
    if (!ok) {
      await this.repo.refundQuota(organisationId, plan.window, plan.granted);
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        'The notice was resolved meanwhile',
      );
    }
    if (plan.granted > 0) await this.enqueueAttribution(noticeId);
  }

  async rejectQuarantined(noticeId: string, reason: string): Promise<void> {
    if (!(await this.repo.rejectQuarantined(noticeId, reason))) {
      const found = await this.repo.findNotice({ id: noticeId });
      if (!found) throw new IntakeError(IntakeErrorCode.NotFound, 'not_found', 'No such notice');
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        `The notice is ${found.notice.status}, not quarantined`,
      );
    }
  }

  // `retryTag` gives a sweep its own job id: a job that failed for good keeps the notice id.
  async enqueueAttribution(noticeId: string, retryTag?: string): Promise<void> {
    const options = attributeJobOptions(noticeId);
    if (retryTag !== undefined) options.jobId = `${noticeId}:${retryTag}`;
    await this.queue.add(IntakeJob.AttributeNotice, { noticeId }, options);
  }

  private async trySubmit(s: Submission, now: Date): Promise<SubmitResult> {
    const key = s.idempotencyKey ?? null;
    if (key !== null) {
      const earlier = await this.repo.findNoticeIdByIdempotencyKey(s.organisationId, key);
      if (earlier) return { noticeId: earlier, created: false, receipt: null };
    }
    const id = randomUUID();
    const plan = await this.plan(s.organisationId, s.parsed, now);
    if (plan.answeredBy !== null) {
      await this.repo.refundQuota(s.organisationId, plan.window, plan.granted);
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
      await this.repo.refundQuota(s.organisationId, plan.window, plan.granted);
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

  // Decides every item's status; reserves quota for the accepted ones.
  private async plan(organisationId: string, parsed: ParsedNotice, now: Date) {
    const sender = await this.sender(organisationId);
    if (!sender) {
      throw new IntakeError(IntakeErrorCode.UnknownOrganisation, 'forbidden', 'Unknown sender');
    }
    const verdict = evaluateNotice(parsed, sender, {
      now,
      addressSpace: this.config.addressSpace,
      retentionDays: this.config.retention.leaseDays,
      natPools: await this.loadPools(),
      disabled: this.disabled,
    });
    const keys = parsed.items.map((item) =>
      item.ip !== null && item.observedAt !== null
        ? [
            organisationId,
            parsed.caseId ?? '',
            item.ip,
            item.port ?? '',
            item.observedAt.toISOString(),
          ].join('|')
        : null,
    );
    // Quota for every valid item and the duplicate lookup share one round trip; what the
    // duplicates do not use goes back below (duplicates are rare).
    const window = windowStartOf(now);
    const valid = parsed.items.filter(
      (_, n) => !(verdict.noticeFailure ?? verdict.itemFailures[n]),
    ).length;
    const { granted: reserved, earlier } = await this.repo.reserveQuotaAndFindDuplicates(
      organisationId,
      window,
      valid,
      this.config.intake.quotaPerHour,
      keys.filter((k): k is string => k !== null),
    );
    const seenHere = new Map<string, string>();
    const items: NewItem[] = parsed.items.map((item, position) => {
      const itemId = randomUUID();
      const key = keys[position];
      const failure = verdict.noticeFailure ?? verdict.itemFailures[position];
      const first = key !== null ? (earlier.get(key)?.itemId ?? seenHere.get(key)) : undefined;
      let status: ItemStatus = 'accepted';
      let reasonCode: string | null = null;
      let reason: string | null = null;
      if (first !== undefined) {
        status = 'duplicate';
        reasonCode = 'duplicate';
        reason = 'the same sender, case, address, port and time were received before';
      } else if (failure) {
        status = 'refused';
        reasonCode = failure.check;
        reason = failure.detail ?? failure.check;
      }
      if (key !== null && first === undefined) seenHere.set(key, itemId);
      return {
        id: itemId,
        position,
        ip: item.ip,
        port: item.port,
        observedAt: item.observedAt,
        protocol: item.protocol ?? item.type,
        application: item.application,
        title: item.title ?? parsed.titles[0] ?? null,
        fileName: item.fileName,
        fileSize:
          item.fileSizeBytes !== null && Number.isSafeInteger(item.fileSizeBytes)
            ? item.fileSizeBytes
            : null,
        hashType: item.hashType,
        hash: item.hash,
        peerId: item.peerId,
        dedupeKey: key,
        status,
        reasonCode,
        reason,
        duplicateOf: status === 'duplicate' ? (first ?? null) : null,
        acceptedAt: null,
        expectedAt: null,
      };
    });

    // Every item a duplicate of earlier notices: answer with the first notice's receipt.
    const dupNotices = new Set(
      items.map((i) => (i.dedupeKey !== null ? earlier.get(i.dedupeKey)?.noticeId : undefined)),
    );
    const allDuplicates =
      items.length > 0 &&
      items.every(
        (i) => i.status === 'duplicate' && i.dedupeKey !== null && earlier.has(i.dedupeKey),
      );
    if (allDuplicates) {
      await this.repo.refundQuota(organisationId, window, reserved);
      return {
        answeredBy: [...dupNotices][0] ?? null,
        items,
        window,
        granted: 0,
        update: this.noticeUpdate(verdict.checks, 'accepted', null, null, false),
      };
    }

    const wanted = items.filter((i) => i.status === 'accepted');
    const granted = Math.min(reserved, wanted.length);
    if (reserved > granted) await this.repo.refundQuota(organisationId, window, reserved - granted);
    const nextWindow = new Date(window.getTime() + HOUR);
    wanted.forEach((item, n) => {
      if (n < granted) {
        item.acceptedAt = now;
      } else {
        item.status = 'queued';
        item.reasonCode = 'quota';
        item.reason = `over the sender's quota of ${this.config.intake.quotaPerHour} items an hour`;
        item.expectedAt = nextWindow;
      }
    });
    const live = items.some((i) => i.status === 'accepted' || i.status === 'queued');
    const status: NoticeStatus =
      live || items.some((i) => i.status === 'duplicate') ? 'accepted' : 'refused';
    const refusal = verdict.noticeFailure
      ? { code: verdict.noticeFailure.check, reason: verdict.noticeFailure.detail ?? null }
      : status === 'refused'
        ? {
            code: items.length === 0 ? 'no_items' : 'no_valid_items',
            reason:
              items.length === 0
                ? 'the notice lists no IP address and time'
                : 'every item was refused',
          }
        : null;
    return {
      answeredBy: null as string | null,
      items,
      window,
      granted,
      update: this.noticeUpdate(
        verdict.checks,
        status,
        refusal?.code ?? null,
        refusal?.reason ?? null,
        verdict.settlementFlagged,
      ),
    };
  }

  private noticeUpdate(
    checks: CheckResult[],
    status: NoticeStatus,
    refusalCode: string | null,
    refusalReason: string | null,
    settlementFlagged: boolean,
  ) {
    return { checks, status, refusalCode, refusalReason, settlementFlagged };
  }

  // A suspension takes effect within SENDER_CACHE_MS; saves a query on every notice.
  private async sender(organisationId: string): Promise<SenderFacts | null> {
    const hit = this.senders.get(organisationId);
    if (hit && Date.now() - hit.at < SENDER_CACHE_MS) return hit.facts;
    const facts = await this.repo.findSender(organisationId);
    if (this.senders.size > 10_000) this.senders.clear();
    this.senders.set(organisationId, { at: Date.now(), facts });
    return facts;
  }

  private async loadPools(): Promise<NatPool[]> {
    if (this.pools && Date.now() - this.pools.at < POOL_CACHE_MS) return this.pools.pools;
    const pools = await this.natPools.listPools();
    this.pools = { at: Date.now(), pools };
    return pools;
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

// Parsed notices come back from jsonb with ISO strings where Dates were.
function reviveDates(parsed: ParsedNotice): ParsedNotice {
  return {
    ...parsed,
    items: parsed.items.map((i) => ({
      ...i,
      observedAt: i.observedAt === null ? null : new Date(i.observedAt as unknown as string),
    })),
  };
}
