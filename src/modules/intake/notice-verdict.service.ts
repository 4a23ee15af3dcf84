import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { NatPool } from '../leases/nat-pools';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { BatchCaller } from './coalescer';
import { IntakeQuotaRepository, Reservation, ReservationRequest } from './intake-quota.repository';
import { IntakeSenderRepository } from './intake-sender.repository';
import { ItemStatus, NewItem, NewNotice, NoticeStatus } from './intake.types';
import type { ParsedNotice } from './parsing';
import { makeSubscriberFacingSafe } from './parsing/safe-text';
import {
  assertKnownChecks,
  CheckResult,
  evaluateNotice,
  SenderFacts,
} from './policy/notice-policy';

export const HOUR = 3_600_000;

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

// The reason code a failing check gives an item: its name, except that a missing P2P protocol
// says what the notice is (a web, hosting or streaming takedown).
export function reasonCodeOf(failure: CheckResult): string {
  return failure.check === 'p2p_evidence' ? 'not_p2p' : failure.check;
}
const POOL_CACHE_MS = 30_000;
// Notices whose quota and duplicates are looked up in one statement, at most.
const RESERVATION_BATCH = 100;
// A suspension takes effect within this long; saves a query on every notice.
const SENDER_CACHE_MS = 5_000;

export function windowStartOf(t: Date): Date {
  return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
}

export interface Plan {
  // An earlier notice that answers this one (every item a duplicate of it).
  answeredBy: string | null;
  items: NewItem[];
  window: Date;
  // Quota taken for the accepted items (to give back if the notice is not stored).
  granted: number;
  update: Pick<
    NewNotice,
    'checks' | 'status' | 'refusalCode' | 'refusalReason' | 'settlementFlagged'
  >;
}

// The verdict on a notice: every validation check, duplicates, and the sender's quota, giving
// each item its status and reason. Stores nothing but the quota reservation.
@Injectable()
export class NoticeVerdictService {
  private readonly disabled: ReadonlySet<string>;
  private pools: { at: number; pools: NatPool[] } | null = null;
  private readonly senders = new Map<string, { at: number; facts: SenderFacts | null }>();
  // The notices arriving together share one reservation statement (issue #15: a round trip and
  // a transaction per notice were most of PostgreSQL's share); an idle service runs it at once.
  private readonly reservations: BatchCaller<ReservationRequest, Reservation>;

  constructor(
    private readonly repo: IntakeQuotaRepository,
    private readonly senderRepo: IntakeSenderRepository,
    private readonly natPools: NatPoolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    assertKnownChecks(config.intake.disabledChecks);
    this.disabled = new Set(config.intake.disabledChecks);
    this.reservations = new BatchCaller(
      (requests) =>
        this.repo.reserveQuotasAndFindDuplicates(this.config.intake.quotaPerHour, requests),
      RESERVATION_BATCH,
    );
  }

  // Decides every item's status; reserves quota for the accepted ones.
  async plan(organisationId: string, parsed: ParsedNotice, now: Date): Promise<Plan> {
    const sender = await this.sender(organisationId);
    if (!sender) {
      throw new IntakeError(IntakeErrorCode.UnknownOrganisation, 'forbidden', 'Unknown sender');
    }
    // What reaches a subscriber is made safe to show before anything is stored (issue 15 §5).
    makeSubscriberFacingSafe(parsed);
    // A vendor sending for a rights holder: both are kept, the owner and its agent (§6).
    if (parsed.owner !== null && norm(parsed.owner) !== norm(sender.name)) {
      parsed.agent = sender.name;
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
            item.caseId ?? parsed.caseId ?? '',
            item.ip,
            item.port ?? '',
            item.observedAt.toISOString(),
          ].join('|')
        : null,
    );
    // Quota for every valid item and the duplicate lookup share one round trip; what the
    // duplicates do not use goes back below (duplicates are rare).
    const window = windowStartOf(now);
    const hold = this.holdsTextItems(organisationId, sender.name);
    const held = (item: (typeof parsed.items)[number]) => hold && item.readFromText !== undefined;
    const valid = parsed.items.filter(
      (item, n) =>
        !(verdict.noticeFailure ?? verdict.itemFailures[n]) &&
        item.readRefusal === undefined &&
        !held(item),
    ).length;
    const { granted: reserved, earlier } = await this.reservations.call({
      organisationId,
      windowStart: window,
      wanted: valid,
      keys: keys.filter((k): k is string => k !== null),
    });
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
      } else if (item.readRefusal !== undefined) {
        status = 'refused';
        reasonCode = item.readRefusal.code;
        reason = item.readRefusal.message;
      } else if (failure) {
        status = 'refused';
        reasonCode = reasonCodeOf(failure);
        // Every failing check of the item, so the sender learns them all at once.
        const all = verdict.noticeFailure ? [failure] : verdict.itemAllFailures[position];
        reason =
          all.length > 1
            ? all.map((f) => `${reasonCodeOf(f)}: ${f.detail ?? f.check}`).join('; ')
            : (failure.detail ?? failure.check);
      }
      if (status === 'accepted' && held(item)) {
        status = 'held';
        reasonCode = 'awaiting_confirmation';
        reason = 'read from plain text; waits for the abuse desk to confirm it';
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
    const live = items.some(
      (i) => i.status === 'accepted' || i.status === 'queued' || i.status === 'held',
    );
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
      answeredBy: null,
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

  // Items read from text wait for the desk unless the sender is switched off that wait
  // (NOTICE_TEXT_NO_CONFIRM names its organisation id or name).
  private holdsTextItems(organisationId: string, name: string): boolean {
    const off = this.config.intake.textNoConfirm;
    return !off.includes(organisationId.toLowerCase()) && !off.includes(name.toLowerCase());
  }

  private async sender(organisationId: string): Promise<SenderFacts | null> {
    const hit = this.senders.get(organisationId);
    if (hit && Date.now() - hit.at < SENDER_CACHE_MS) return hit.facts;
    const facts = await this.senderRepo.findSender(organisationId);
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
