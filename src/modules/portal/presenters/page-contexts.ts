import type { AttributionResultDto } from '../../attribution/dto/attribution.dto';
import type { LeaseImportResponseDto } from '../../leases/dto/lease-import.dto';
import type { SubscriberSummary } from '../../search/subscriber-history.repository';
import type { AuditVerification } from '../../identity/audit.types';
import type { AuditEntryView } from '../audit-view';
import type { PageLinks } from '../pagination';
import type { FieldErrors } from '../portal-form';
import type { HistoryStep } from '../subscriber-history-view';
import type { organisationPage, organisationsPage } from './admin-organisations.presenter';
import type {
  challengePage,
  challengesPage,
  escalationPage,
  escalationsPage,
} from './challenges.presenter';
import type {
  deskNoticePage,
  deskNoticesPage,
  quarantineNoticePage,
  quarantinePage,
} from './desk-notices.presenter';
import type { searchPage } from './search.presenter';
import type { CounselLegalPageContexts } from './page-contexts.counsel-legal';
import type { DeskAdminPageContexts } from './page-contexts.desk-admin';

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

export interface BulkCell {
  label: string;
  text: string;
  code?: boolean;
  href?: string;
}

export interface BulkRow {
  key: string;
  cells: BulkCell[];
}

// A bulk action's confirmation page: the rows that will change, the fields the action needs,
// and the button that does it.
export interface BulkConfirmPage {
  title: string;
  heading: string;
  lead: string;
  action: string;
  idField: string;
  hidden: Array<{ name: string; value: string }>;
  columns: string[];
  rows: BulkRow[];
  count: number;
  button: string;
  back: string;
  backLabel: string;
  organisations: Array<{ id: string; name: string; selected: boolean }> | null;
  reasons: { label: string; hint: string; value: string; name: string } | null;
  errors: FieldErrors;
  summary: ErrorSummary;
}

export interface BulkOutcome {
  label: string;
  href: string;
  ok: boolean;
  text: string;
}

export interface BulkDonePage {
  title: string;
  summaryText: string;
  outcomes: BulkOutcome[];
  back: string;
  backLabel: string;
}

export interface PageContexts extends CounselLegalPageContexts, DeskAdminPageContexts {
  'lease-imports': LeaseImportsPage;
  attribution: AttributionPage;
  'desk-subscriber': SubscriberPage;
  audit: AuditPage;
  'desk-bulk-action-confirm': BulkConfirmPage;
  'desk-bulk-done': BulkDonePage;
  // Pages whose type is what their presenter builds.
  organisations: ReturnType<typeof organisationsPage>;
  organisation: ReturnType<typeof organisationPage>;
  'desk-challenges': ReturnType<typeof challengesPage>;
  'desk-challenge': ReturnType<typeof challengePage>;
  'desk-escalations': ReturnType<typeof escalationsPage>;
  'desk-escalation': ReturnType<typeof escalationPage>;
  'desk-notices': ReturnType<typeof deskNoticesPage>;
  'desk-notice': ReturnType<typeof deskNoticePage>;
  'desk-quarantine': ReturnType<typeof quarantinePage>;
  'desk-quarantine-notice': ReturnType<typeof quarantineNoticePage>;
  'desk-search': ReturnType<typeof searchPage>;
}
