import { QueueEntry } from '../disclosure/disclosure-query.service';
import { DisclosureRequestRow } from '../disclosure/disclosure.types';
import { SenderQualityDto } from '../intake/dto/desk-notice.dto';
import { disclosureSummary, QUEUE_PREVIEW, worstSenders } from './portal-dashboard.service';

const quality = (
  name: string,
  items: number,
  rates: [number | null, number | null, number | null],
) =>
  ({
    organisationId: name,
    organisationName: name,
    accreditation: 'accredited',
    notices: 1,
    items,
    refused: 0,
    unmatched: 0,
    challenged: 0,
    forwarded: 0,
    invalidRate: rates[0],
    unmatchedRate: rates[1],
    challengedRate: rates[2],
  }) satisfies SenderQualityDto;

describe('worstSenders', () => {
  it('ranks by the worst of the three rates, then by size, and leaves out senders without items', () => {
    const ranked = worstSenders(
      [
        quality('clean', 50, [0, 0, 0]),
        quality('challenged', 10, [0, 0, 0.4]),
        quality('unmatched-small', 5, [0.1, 0.2, null]),
        quality('unmatched-big', 20, [0, 0.2, 0]),
        quality('silent', 0, [null, null, null]),
      ],
      3,
    );
    expect(ranked.map((q) => q.organisationName)).toEqual([
      'challenged',
      'unmatched-big',
      'unmatched-small',
    ]);
  });
});

describe('disclosureSummary', () => {
  const entry = (n: number, urgency: QueueEntry['urgency']): QueueEntry => ({
    urgency,
    request: {
      id: `id-${n}`,
      reference: `DR-${n}`,
      kind: 'fr_arcom_identification',
      status: 'received',
      respond_by: new Date(Date.UTC(2026, 10, n + 1)),
    } as DisclosureRequestRow,
  });

  it('counts overdue and due-soon requests and always lists them all', () => {
    const queue = [
      ...Array.from({ length: 8 }, (_, i) => entry(i, 'overdue')),
      ...Array.from({ length: 5 }, (_, i) => entry(8 + i, 'near_due')),
      ...Array.from({ length: 4 }, (_, i) => entry(13 + i, 'normal')),
    ];
    const s = disclosureSummary(queue);
    expect(s).toMatchObject({ open: 17, overdue: 8, dueSoon: 5, more: 4 });
    expect(s.requests).toHaveLength(13);
    expect(s.requests[0]).toMatchObject({
      reference: 'DR-0',
      urgencyLabel: 'Overdue',
      kindLabel: 'Arcom identification request (France)',
    });
  });

  it('counts every open request, not only those in the capped queue', () => {
    const queue = Array.from({ length: 12 }, (_, i) => entry(i, i < 2 ? 'overdue' : 'normal'));
    const s = disclosureSummary(queue, 1500);
    expect(s).toMatchObject({ open: 1500, overdue: 2, more: 1500 - QUEUE_PREVIEW });
  });

  it('lists the first requests by deadline when none is urgent', () => {
    const s = disclosureSummary(Array.from({ length: 12 }, (_, i) => entry(i, 'normal')));
    expect(s.requests).toHaveLength(QUEUE_PREVIEW);
    expect(s.more).toBe(12 - QUEUE_PREVIEW);
  });
});
