import type { SubscriberHistory } from '../../search/subscriber-history.service';
import { PORTAL_BASE } from '../navigation';
import { historySteps } from '../subscriber-history-view';
import type { SubscriberPage } from './page-contexts';

// One subscriber's history page: the figures and every step in words.
export function subscriberPage({ summary, events }: SubscriberHistory): SubscriberPage {
  return {
    title: `Subscriber ${summary.reference}`,
    s: summary,
    steps: historySteps(events),
    searchHref: `${PORTAL_BASE}/desk/search?subscriber=${encodeURIComponent(summary.reference)}`,
  };
}
