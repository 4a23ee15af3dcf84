import type { AttributionResultDto } from '../../attribution/dto/attribution.dto';
import type { LeaseImportResponseDto } from '../../leases/dto/lease-import.dto';
import type { SubscriberSummary } from '../../search/subscriber-history.repository';
import type { AuditVerification } from '../../identity/audit.types';
import type { AuditEntryView } from '../audit-view';
import type { PageLinks } from '../pagination';
import type { FieldErrors } from '../portal-form';
import type { HistoryStep } from '../subscriber-history-view';

// What each typed view reads. Views compile in strict mode (a missing field throws), so a
// context names every field its view reads, null or false when there is nothing to show.
// PortalViewService.send takes PageContexts[view] for a view listed here.

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export type ErrorSummary = Array<{ field: string; message: string }>;

export interface LeaseImportRow extends LeaseImportResponseDto {
  fileName: string;
  startedAt: Date;
  finishedAt: Date | null;
  problemCount: number;
  firstProblems: Array<{ line: number; reason: string }>;
}

export interface LeaseImportsPage {
  title: string;
  rows: LeaseImportRow[];
  pagination: PageLinks;
}

export interface AttributionPage {
  title: string;
  form: { ip: string; port: string; at: string };
  protocols: Option[];
  errors: FieldErrors;
  summary: ErrorSummary;
  result: (AttributionResultDto & { explanation: string }) | null;
}

export interface SubscriberPage {
  title: string;
  s: SubscriberSummary;
  steps: HistoryStep[];
  searchHref: string;
}

export interface AuditPage {
  title: string;
  verification: AuditVerification;
  entries: AuditEntryView[];
  values: Record<'subject' | 'actor' | 'action' | 'from' | 'to', string>;
  errors: FieldErrors;
  summary: ErrorSummary;
  actions: Option[];
  filtered: boolean;
  clearHref: string;
  exportHref: string;
  olderHref: string | null;
  newestHref: string | null;
}

export interface PageContexts {
  'lease-imports': LeaseImportsPage;
  attribution: AttributionPage;
  'desk-subscriber': SubscriberPage;
  audit: AuditPage;
}
