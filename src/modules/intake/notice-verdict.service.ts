import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { NatPool } from '../leases/nat-pools';
import { StepMetrics } from '../metrics/step-metrics';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { BatchCaller } from './coalescer';
import { IntakeQuotaRepository, Reservation, ReservationRequest } from './intake-quota.repository';
import { IntakeSenderRepository } from './intake-sender.repository';
import { NewItem, NewNotice } from './intake.types';
import {
  answeringNotice,
  assignQuota,
  dedupeKey,
  noticeOutcome,
  planItems,
  quotaWanted,
  windowStartOf,
} from './notice-verdict.rules';
import type { ParsedItem, ParsedNotice } from './parsing';
import { makeSubscriberFacingSafe } from './parsing/safe-text';
import { assertKnownChecks, evaluateNotice, SenderFacts } from './policy/notice-policy';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const POOL_CACHE_MS = 30_000;
// Notices whose quota and duplicates are looked up in one statement, at most.
const RESERVATION_BATCH = 100;
// A suspension takes effect within this long; saves a query on every notice.
const SENDER_CACHE_MS = 5_000;

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
    private readonly steps: StepMetrics,
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
    const natPools = await this.loadPools();
    const verdict = this.steps.timeSync('check', () =>
      evaluateNotice(parsed, sender, {
        now,
        addressSpace: this.config.addressSpace,
        retentionDays: this.config.retention.leaseDays,
        natPools,
        disabled: this.disabled,
      }),
    );
    const keys = parsed.items.map((item) => dedupeKey(organisationId, parsed, item));
    // Quota for every valid item and the duplicate lookup share one round trip; what the
    // duplicates do not use goes back below (duplicates are rare).
    const window = windowStartOf(now);
    const hold = this.holdsTextItems(organisationId, sender.name);
    const held = (item: ParsedItem) => hold && item.readFromText !== undefined;
    const { granted: reserved, earlier } = await this.reservations.call({
      organisationId,
      windowStart: window,
      wanted: quotaWanted(parsed, verdict, held),
      keys: keys.filter((k): k is string => k !== null),
    });
    const planned = planItems(parsed, keys, verdict, earlier, held);

    // Every item a duplicate of earlier notices: answer with the first notice's receipt.
    const answeredBy = answeringNotice(planned, earlier);
    if (answeredBy !== null) {
      await this.repo.refundQuota(organisationId, window, reserved);
      return {
        answeredBy,
        items: planned,
        window,
        granted: 0,
        update: {
          checks: verdict.checks,
          status: 'accepted',
          refusalCode: null,
          refusalReason: null,
          settlementFlagged: false,
        },
      };
    }

    const granted = Math.min(reserved, planned.filter((i) => i.status === 'accepted').length);
    if (reserved > granted) await this.repo.refundQuota(organisationId, window, reserved - granted);
    const items = assignQuota(planned, granted, now, window, this.config.intake.quotaPerHour);
    return {
      answeredBy: null,
      items,
      window,
      granted,
      update: {
        checks: verdict.checks,
        ...noticeOutcome(items, verdict),
        settlementFlagged: verdict.settlementFlagged,
      },
    };
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
