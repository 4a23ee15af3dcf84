import { IdentityField } from '../identity/identity.service';

export const REQUEST_KINDS = [
  'us_subpoena',
  'us_court_order',
  'us_512h_subpoena',
  'ca_norwich_order',
  'fr_arcom_identification',
  'subscriber_consent',
  'other',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = [
  'received',
  'under_review',
  'approved',
  'refused',
  'on_hold',
  'subscriber_notified',
  'waiting_window',
  'produced',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REFUSAL_GROUNDS = [
  'jurisdiction',
  'joinder',
  'deadline',
  'cost',
  'match_confidence',
  'other',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

// What an order may allow (DR-3, DR-6); a subset of the identity store's fields.
export const DISCLOSABLE_FIELDS = [
  'fullName',
  'email',
  'phone',
  'postalAddress',
  'installationAddress',
] as const satisfies readonly IdentityField[];
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

// US-style orders: the subscriber is told first and production waits out the window (DR-2).
export const NOTIFY_FIRST_KINDS: readonly RequestKind[] = [
  'us_subpoena',
  'us_court_order',
  'us_512h_subpoena',
];

// DR-1: every kind but the subscriber's own consent rests on an order or an authority's written
// request; such a request is never approved or produced without that document on file.
export const ORDER_REQUIRED_KINDS: readonly RequestKind[] = REQUEST_KINDS.filter(
  (k) => k !== 'subscriber_consent',
);

// The document may be replaced only before review starts; a request under review that has none
// may still receive its first (the database trigger of migration 1796130000000 says the same).
export function documentOpenFor(r: { status: RequestStatus; document_sha256: string | null }) {
  return r.status === 'received' || (r.status === 'under_review' && r.document_sha256 === null);
}

// France: Arcom identification requests are answered within 8 days (DR-6).
export const ARCOM_RESPONSE_DAYS = 8;
// A request due within this many days stands out in the review queue.
export const NEAR_DUE_DAYS = 2;

export interface DisclosureRequestRow {
  id: string;
  reference: string;
  organisation_id: string | null;
  kind: RequestKind;
  channel: 'api' | 'paper';
  issuing_body: string;
  case_number: string;
  notice_references: string[];
  allowed_fields: DisclosableField[];
  objection_window_days: number;
  received_at: Date;
  respond_by: Date | null;
  status: RequestStatus;
  refusal_grounds: RefusalGround[] | null;
  window_ends_at: Date | null;
  motion_pending: boolean;
  document_sha256: string | null;
  document_size: number | null;
  created_by_kind: string;
  created_by_id: string;
  updated_at: Date;
}

export interface TransitionRow {
  from_status: RequestStatus | null;
  to_status: RequestStatus;
  actor_kind: string;
  actor_id: string;
  actor_role: string;
  at: Date;
  reason: string;
  grounds: string[] | null;
  // The order document's SHA-256 when this step was taken (null: no document on file).
  document_sha256: string | null;
}

// A covered notice item as legal staff see it: pseudonymous reference, never identity.
export interface CoveredItemRow {
  item_id: string;
  notice_reference: string;
  position: number;
  ip: string | null;
  port: number | null;
  observed_at: Date | null;
  status: string;
  attribution_outcome: string | null;
  subscriber_ref: string | null;
  subscriber_account_id: string | null;
  regime: string | null;
  attribution: Record<string, unknown> | null;
}
