// The blocking register's vocabulary (DOMAIN.md BO-1 to BO-5), shared by services, DTOs and
// the portal.
export const MEASURES = ['dns', 'ip'] as const;
export type Measure = (typeof MEASURES)[number];

export const COST_BEARERS = ['rights_holders', 'isp', 'shared'] as const;
export type CostBearer = (typeof COST_BEARERS)[number];

// How an order may be extended to new mirrors (BO-2): a new court order only, an authority's
// request (Arcom-style, refusable with grounds) or an agreement between the parties.
export const UPDATE_BASES = ['court_order', 'authority', 'agreement'] as const;
export type UpdateBasis = (typeof UPDATE_BASES)[number];

// What a court order says, as counsel submits it and as it is stored (BO-1).
export interface OrderTerms {
  court: string;
  jurisdiction: string;
  caseNumber: string;
  orderDate: string;
  claimants: string[];
  ispNamed: string;
  measures: Measure[];
  implementationDays: number;
  costBearer: CostBearer;
  updateBasis: UpdateBasis;
  howToContest: string;
}

export const REFUSAL_GROUNDS = [
  'no_basis',
  'not_a_mirror',
  'shared_infrastructure',
  'expired',
  'other',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export const TARGET_KINDS = ['fqdn', 'ip', 'cidr'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const PROTECTED_KINDS = ['fqdn', 'cidr', 'asn'] as const;
export type ProtectedKind = (typeof PROTECTED_KINDS)[number];

// Languages of the stop page, by the order's jurisdiction; anything else reads in English.
export const STOP_PAGE_LANGUAGES = ['fr', 'it', 'en'] as const;

export const ORDER_STATUSES = ['submitted', 'confirmed', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TARGET_STATUSES = ['pending', 'active', 'refused'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const UPDATE_REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;
export type UpdateRequestStatus = (typeof UPDATE_REQUEST_STATUSES)[number];
// Where a target came from: the order itself, an approved update, or an authority's ticket.
export const TARGET_SOURCES = ['order', 'update', 'ticket'] as const;
export type TargetSource = (typeof TARGET_SOURCES)[number];

// The register's rows as the repositories answer them (camelCase, checked at the boundary:
// blocking.rows.ts) and as services, the CLI and the portal read them.

export interface OrderRow {
  id: string;
  reference: string;
  organisationId: string | null;
  status: OrderStatus;
  court: string;
  jurisdiction: string;
  caseNumber: string;
  orderDate: string;
  claimants: string[];
  ispNamed: string;
  measures: Measure[];
  implementationDays: number;
  startsAt: Date;
  endsAt: Date;
  costBearer: CostBearer;
  updateBasis: UpdateBasis;
  howToContest: string;
  documentSha256: string | null;
  documentSize: number | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  createdAt: Date;
}

export interface EventWindowRow {
  id: string;
  orderId: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
}

export interface TargetRow {
  id: string;
  orderId: string;
  kind: TargetKind;
  value: string;
  source: TargetSource;
  updateRequestId: string | null;
  status: TargetStatus;
  refusalReason: string | null;
  overrideJustification: string | null;
  overrideBy: string | null;
  windowStartsAt: Date | null;
  windowEndsAt: Date | null;
  effectiveFrom: Date | null;
  implementBy: Date | null;
  firstExportedAt: Date | null;
}

export interface UpdateRequestRow {
  id: string;
  reference: string;
  orderId: string;
  orderReference: string;
  organisationId: string | null;
  kind: TargetKind;
  value: string;
  mirrorOf: string;
  evidence: Evidence;
  flags: string[];
  status: UpdateRequestStatus;
  basisKind: UpdateBasis | null;
  basisReference: string | null;
  refusalGround: RefusalGround | null;
  decisionReason: string | null;
  overrideJustification: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  submittedAt: Date;
  implementBy: Date | null;
  // The deadline to decide: the order's implementation days from submission, never past the
  // order's end (after which an approval would be refused as expired).
  decideBy: Date;
}

export interface Evidence {
  description: string;
  pageSha256?: string;
  screenshotSha256?: string;
  seenAt: string;
}

export interface ProtectedRow {
  id: string;
  kind: ProtectedKind;
  value: string;
  asn: string | null;
  note: string;
  source: string;
  createdBy: string;
  createdAt: Date;
}

export interface CostRow {
  id: string;
  orderId: string;
  incurredOn: string;
  description: string;
  hours: string;
  amountCents: string;
  currency: string;
  createdBy: string;
  createdAt: Date;
}

// A target with its order's reference (legal's overrides page).
export interface OverriddenTargetRow extends TargetRow {
  orderReference: string;
}

// A target in force at one moment, as the exports read it.
export interface ActiveTargetRow {
  id: string;
  kind: TargetKind;
  value: string;
  orderReference: string;
  overridden: boolean;
  firstExportedAt: Date | null;
}

export interface TicketItemRow {
  kind: string;
  value: string;
  outcome: string;
  reason: string | null;
}

export interface TicketRow {
  id: string;
  ticketId: string;
  reporter: string;
  orderReference: string | null;
  reportedAt: Date;
  receivedAt: Date;
  processedAt: Date;
  items: TicketItemRow[];
}

// The export serial and the digest of the state it describes.
export interface ExportStateRow {
  serial: number;
  contentSha256: string;
}

// A target as the exports and the over-blocking check see it.
export interface ActiveTarget {
  kind: TargetKind;
  value: string;
  orderReference: string;
  overridden: boolean;
}
