import { Injectable } from '@nestjs/common';
import {
  HistoryRow,
  SubscriberHistoryRepository,
  SubscriberSummary,
} from './subscriber-history.repository';

export interface SubscriberHistory {
  summary: SubscriberSummary;
  events: HistoryRow[];
}

// One subscriber's history by pseudonymous reference (never the identity schema).
@Injectable()
export class SubscriberHistoryService {
  constructor(private readonly repo: SubscriberHistoryRepository) {}

  // Null when no notice item, strike or message carries the reference.
  async history(reference: string): Promise<SubscriberHistory | null> {
    const summary = await this.repo.summary(reference);
    if (!summary) return null;
    return { summary, events: await this.repo.events(reference) };
  }
}
