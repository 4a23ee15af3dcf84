import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AttributionService } from '../attribution/attribution.service';
import { IntakeRepository, ItemAttribution } from './intake.repository';

// The attribution step (docs/notice-pipeline.md): accepted -> attributed | not_forwarded.
// One batch covers many notices: one read of their items still `accepted`, one batched lookup,
// one read of the accounts and one update, so a rerun changes nothing already decided.
@Injectable()
export class NoticeAttributionService {
  private readonly settlementBlocked: ReadonlySet<string>;

  constructor(
    private readonly repo: IntakeRepository,
    private readonly attribution: AttributionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.settlementBlocked = new Set(config.intake.settlementBlockRegimes);
  }

  async attributeNotice(noticeId: string, now = new Date()): Promise<{ updated: number }> {
    return this.attributeNotices([noticeId], now);
  }

  async attributeNotices(noticeIds: string[], now = new Date()): Promise<{ updated: number }> {
    const pending = await this.repo.acceptedItemsOf([...new Set(noticeIds)]);
    if (pending.length === 0) return { updated: 0 };
    const results = await this.attribution.attributeMany(
      pending.map(({ item: i }) => ({
        ip: i.ip ?? '',
        port: i.port,
        at: i.observedAt ?? new Date(NaN),
      })),
      now,
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
    return { updated: await this.repo.recordAttributions(rows) };
  }
}
