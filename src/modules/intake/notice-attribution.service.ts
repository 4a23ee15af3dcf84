import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AttributionService } from '../attribution/attribution.service';
import { StepMetrics } from '../metrics/step-metrics';
import { transportProtocol } from '../attribution/attribution.types';
import { ItemAttribution, NoticeItemRepository } from './notice-item.repository';
import { ItemRow } from './intake.types';

// Items per batched lookup (AttributionService.attributeMany) and per update.
export const ITEMS_PER_LOOKUP = 5_000;

// The attribution step (docs/notice-pipeline.md): accepted -> attributed | not_forwarded.
// One batch covers many notices: one read of their items still `accepted`, one batched lookup,
// one read of the accounts and one update (per ITEMS_PER_LOOKUP items); only items still
// `accepted` change, so a rerun changes nothing already decided.
@Injectable()
export class NoticeAttributionService {
  private readonly settlementBlocked: ReadonlySet<string>;

  constructor(
    private readonly repo: NoticeItemRepository,
    private readonly attribution: AttributionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly steps: StepMetrics,
  ) {
    this.settlementBlocked = new Set(config.intake.settlementBlockRegimes);
  }

  async attributeNotice(noticeId: string, now = new Date()): Promise<{ updated: number }> {
    return this.attributeNotices([noticeId], now);
  }

  // Items are taken `page` at a time, so a batch of large notices stays bounded.
  async attributeNotices(
    noticeIds: string[],
    now = new Date(),
    page = ITEMS_PER_LOOKUP,
  ): Promise<{ updated: number }> {
    const ids = [...new Set(noticeIds)];
    let updated = 0;
    for (;;) {
      const pending = await this.repo.acceptedItemsOf(ids, page);
      if (pending.length === 0) break;
      const n = await this.attributeItems(pending, now);
      updated += n;
      // Every item read changes state unless another job got there first; either way the next
      // read starts after it. Fewer than a full page means none is left.
      if (pending.length < page || n === 0) break;
    }
    return { updated };
  }

  private async attributeItems(
    pending: Array<{ item: ItemRow; settlement: boolean }>,
    now: Date,
  ): Promise<number> {
    const results = await this.steps.time('attribute', () =>
      this.attribution.attributeMany(
        pending.map(({ item: i }) => ({
          ip: i.ip ?? '',
          port: i.port,
          at: i.observedAt ?? new Date(NaN),
          protocol: transportProtocol(i.protocol),
        })),
        now,
      ),
    );
    const accounts = await this.repo.accountsByReference([
      ...new Set(results.map((r) => r.subscriberRef).filter((r): r is string => r !== null)),
    ]);
    const rows: ItemAttribution[] = pending.map(({ item, settlement }, n) => {
      const r = results[n];
      const account =
        r.outcome === 'unique' && r.subscriberRef ? accounts.get(r.subscriberRef) : undefined;
      const regime = account?.regime ?? this.config.defaultRegime;
      const evidence = {
        outcome: r.outcome,
        candidates: r.candidates,
        reason: r.reason,
        records: r.evidence,
      };
      if (!account) {
        return {
          itemId: item.id,
          status: 'not_forwarded',
          reasonCode: r.outcome === 'unique' ? 'no_lease' : r.outcome,
          reason: r.reason,
          outcome: r.outcome,
          subscriberAccountId: null,
          subscriberRef: null,
          regime,
          attribution: evidence,
        };
      }
      // VA-2: in a regime that owes no forwarding of settlement demands, stop here.
      const blocked = settlement && this.settlementBlocked.has(regime);
      return {
        itemId: item.id,
        status: blocked ? 'not_forwarded' : 'attributed',
        reasonCode: blocked ? 'settlement_demand' : null,
        reason: blocked ? `regime ${regime}: notices demanding settlement are not forwarded` : null,
        outcome: r.outcome,
        subscriberAccountId: account.accountId,
        subscriberRef: r.subscriberRef,
        regime,
        attribution: evidence,
      };
    });
    return this.repo.recordAttributions(rows);
  }
}
