import type { DeskNoticeDto } from '../../intake/dto/desk-notice.dto';
import type { CaseSearchService } from '../../search/case-search.service';
import { NOTICE_STATUS_LABELS } from '../notice-words';
import { errorSummary, FieldErrors } from '../portal-form';
import { nextSteps, timelineSteps } from '../timeline-view';

type TimelineRows = Awaited<ReturnType<CaseSearchService['timeline']>>;
type CaseWork = Awaited<ReturnType<CaseSearchService['workOn']>>;

export interface TimelineExtra {
  notice?: string;
  errors?: FieldErrors;
  noteText?: string;
  status?: number;
}

// A notice's case timeline: every step in time order, what happens next (the digest window
// and now decide when) and the desk's assignment and notes; `mine` when assigned to the viewer.
export function timelinePage(
  notice: DeskNoticeDto,
  rows: TimelineRows,
  work: CaseWork,
  viewer: { userId: string | null; digestWindowSeconds: number; now: Date },
  extra: TimelineExtra,
) {
  const errors = extra.errors ?? {};
  return {
    title: `Case timeline of notice ${notice.reference}`,
    reference: notice.reference,
    sender: notice.organisationName,
    statusLabel: NOTICE_STATUS_LABELS[notice.status] ?? notice.status,
    steps: timelineSteps(notice.reference, rows),
    next: nextSteps(notice.items, viewer.digestWindowSeconds, viewer.now),
    work,
    mine: work.assigneeId !== null && work.assigneeId === viewer.userId,
    notice: extra.notice,
    errors,
    summary: errorSummary(errors),
    noteText: extra.noteText ?? '',
  };
}
