import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { EscalationRepository } from './escalation.repository';
import { MESSAGING_POLICY } from './messaging.tokens';
import { OutboxRepository } from './outbox.repository';
import { chooseStage, MessagingPolicy, policyFor } from './policy/messaging-policy';
import { StrikesRepository } from './strikes.repository';
import { PendingItem, WarningRepository } from './warning.repository';

export interface DigestResult {
  messages: number;
  notForwarded: number;
}

// The "case change" of a warning: in one transaction per account, take its attributed items
// whose digest window has elapsed, count them as strikes, choose the stage from the policy,
// write one outbox row listing them all and, where the stage calls for it, a proposal for a
// person to decide (ER-5). Nothing leaves the database here; the relay and worker send.
@Injectable()
export class WarningDigestService {
  private readonly logger = new Logger(WarningDigestService.name);

  constructor(
    private readonly repo: WarningRepository,
    private readonly strikesRepo: StrikesRepository,
    private readonly escalations: EscalationRepository,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
  ) {}

  async runOnce(limit = 500): Promise<DigestResult> {
    const accounts = await this.repo.findAccountsDueForDigest(
      this.config.messaging.digestWindowSeconds,
      limit,
    );
    const total: DigestResult = { messages: 0, notForwarded: 0 };
    for (const accountId of accounts) {
      const r = await this.repo.transaction((em) => this.digestAccount(em, accountId));
      total.messages += r.messages;
      total.notForwarded += r.notForwarded;
    }
    if (total.messages || total.notForwarded) this.logger.log(total, 'warnings digested');
    return total;
  }

  private async digestAccount(em: EntityManager, accountId: string): Promise<DigestResult> {
    const items = await this.repo.lockPendingItems(em, accountId);
    const byRegime = new Map<string, PendingItem[]>();
    for (const i of items) byRegime.set(i.regime, [...(byRegime.get(i.regime) ?? []), i]);
    const out: DigestResult = { messages: 0, notForwarded: 0 };
    for (const [regime, group] of byRegime) {
      const policy = policyFor(this.policy, regime);
      if (!policy.forward) {
        await this.repo.markItemsNotForwarded(
          em,
          group.map((i) => i.id),
          'regime_policy',
          `the messaging policy for regime ${regime} does not forward notices`,
        );
        out.notForwarded += group.length;
        continue;
      }
      // Every item counts (no "one notice a day" rule, ER-2), inside a sliding window.
      const before = await this.strikesRepo.countActiveStrikes(em, accountId, policy.windowDays);
      const strikes = before + group.length;
      const { stage, propose } = chooseStage(policy, strikes);
      const messageId = await this.outbox.enqueue(em, {
        subscriberAccountId: accountId,
        kind: 'warning',
        template: 'warning',
        regime,
        stage,
        context: { strikeCount: strikes, itemCount: group.length },
      });
      await this.repo.linkItems(
        em,
        messageId,
        group.map((i) => i.id),
      );
      await this.strikesRepo.recordStrikes(em, {
        accountId,
        messageId,
        regime,
        stage,
        items: group,
      });
      if (propose) {
        await this.escalations.recordProposal(em, {
          accountId,
          messageId,
          action: propose,
          stage,
          strikes,
          addressedToRole: policy.proposalsTo,
        });
      }
      out.messages++;
    }
    return out;
  }
}
