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

export type OrderStatus = 'submitted' | 'confirmed' | 'rejected';
export type TargetStatus = 'pending' | 'active' | 'refused';
export type UpdateRequestStatus = 'pending' | 'approved' | 'refused';

export interface OrderRow {
  id: string;
  reference: string;
  organisation_id: string | null;
  status: OrderStatus;
  court: string;
  jurisdiction: string;
  case_number: string;
  order_date: string;
  claimants: string[];
  isp_named: string;
  measures: Measure[];
  implementation_days: number;
  starts_at: Date;
  ends_at: Date;
  cost_bearer: CostBearer;
  update_basis: UpdateBasis;
  how_to_contest: string;
  document_sha256: string | null;
  document_size: number | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  created_at: Date;
}

export interface EventWindowRow {
  id: string;
  order_id: string;
  label: string;
  starts_at: Date;
  ends_at: Date;
}

export interface TargetRow {
  id: string;
  order_id: string;
  kind: TargetKind;
  value: string;
  source: 'order' | 'update' | 'ticket';
  update_request_id: string | null;
  status: TargetStatus;
  refusal_reason: string | null;
  override_justification: string | null;
  override_by: string | null;
  window_starts_at: Date | null;
  window_ends_at: Date | null;
  effective_from: Date | null;
  implement_by: Date | null;
  first_exported_at: Date | null;
}

export interface UpdateRequestRow {
  id: string;
  reference: string;
  order_id: string;
  order_reference: string;
  organisation_id: string | null;
  kind: TargetKind;
  value: string;
  mirror_of: string;
  evidence: Evidence;
  flags: string[];
  status: UpdateRequestStatus;
  basis_kind: UpdateBasis | null;
  basis_reference: string | null;
  refusal_ground: RefusalGround | null;
  decision_reason: string | null;
  override_justification: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  submitted_at: Date;
  implement_by: Date | null;
  // The deadline to decide: the order's implementation days from submission, never past the
  // order's end (after which an approval would be refused as expired).
  decide_by: Date;
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
  created_by: string;
  created_at: Date;
}

export interface CostRow {
  id: string;
  order_id: string;
  incurred_on: string;
  description: string;
  hours: string;
  amount_cents: string;
  currency: string;
  created_by: string;
  created_at: Date;
}

// A target as the exports and the over-blocking check see it.
export interface ActiveTarget {
  kind: TargetKind;
  value: string;
  orderReference: string;
  overridden: boolean;
}
