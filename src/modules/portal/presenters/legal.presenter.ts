import { OrganisationResponseDto } from '../../accounts/dto/organisation.dto';
import type { Organisation } from '../../accounts/entities/organisation.entity';
import { Accreditation } from '../../accounts/entities/organisation-kinds';
import {
  IDENTITY_FIELDS,
  IdentityField,
  SubscriberIdentity,
} from '../../identity/identity.service';
import type { SenderQualityDto } from '../../intake/dto/desk-notice.dto';
import type { HoldSubject, HoldWithReference } from '../../retention/retention.repository';
import { HOLD_SUBJECTS } from '../dto/portal-legal-forms.dto';
import { PORTAL_BASE } from '../navigation';
import { pageLinks } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';

export const HOLDS_PAGE = `${PORTAL_BASE}/legal/holds`;
export const SENDERS_PAGE = `${PORTAL_BASE}/legal/senders`;

export const SUBJECT_LABELS: Record<HoldSubject, string> = {
  notice: 'Notice',
  account: 'Subscriber',
  request: 'Disclosure request',
};

export type PlaceEcho = { subjectType: string; subject: string; reason: string };

const holdView = (h: HoldWithReference) => ({
  id: h.id,
  subjectLabel: SUBJECT_LABELS[h.subject_type],
  subjectReference: h.subject_reference ?? h.subject_id,
  reason: h.reason,
  createdAt: h.created_at,
  releasedAt: h.released_at,
  releaseReason: h.release_reason,
  active: h.released_at === null,
});

// The holds list (active ones, or all with `all`) beside the place-hold form.
export function holdsPage(
  rows: HoldWithReference[],
  total: number,
  page: number,
  opts: { all: boolean; notice?: string; form: PlaceEcho; errors: FieldErrors },
) {
  const { all } = opts;
  const links = pageLinks(HOLDS_PAGE, page, total);
  // The page links keep the "released too" filter.
  const keep = (h: string | null) => (h && all ? h.replace('?page=', '?show=all&page=') : h);
  return {
    title: 'Legal holds',
    notice: opts.notice,
    all,
    rows: rows.map(holdView),
    pagination: { ...links, prevHref: keep(links.prevHref), nextHref: keep(links.nextHref) },
    form: opts.form,
    subjects: HOLD_SUBJECTS.map((s) => ({
      value: s,
      label: SUBJECT_LABELS[s],
      checked: opts.form.subjectType === s,
    })),
    errors: opts.errors,
    summary: errorSummary(opts.errors),
  };
}

// One hold with the release form.
export function holdPage(
  found: HoldWithReference,
  form: { reason: string },
  errors: FieldErrors,
  failure?: string,
) {
  const hold = holdView(found);
  return {
    title: `Hold on ${hold.subjectReference}`,
    hold,
    failure,
    form,
    errors,
    summary: errorSummary(errors),
  };
}

const IDENTITY_LABELS: Record<IdentityField, string> = {
  fullName: 'Full name',
  email: 'E-mail address',
  phone: 'Telephone',
  postalAddress: 'Postal address',
  installationAddress: 'Installation address',
  language: 'Language',
  regime: 'Legal regime',
};

// An identity opened (and audited) for a reference at a time.
export interface OpenedIdentity {
  ref: string;
  openedAt: Date;
  identity: Partial<SubscriberIdentity>;
}

// The identity form and, once opened, the subscriber's identity field by field.
export function identityPage(
  form: { subscriberRef: string; purpose: string },
  errors: FieldErrors,
  opened?: OpenedIdentity,
) {
  return {
    title: 'Subscriber identity',
    form,
    errors,
    summary: errorSummary(errors),
    opened: opened && {
      ref: opened.ref,
      openedAt: opened.openedAt,
      rows: IDENTITY_FIELDS.map((f) => ({
        label: IDENTITY_LABELS[f],
        value: opened.identity[f] ?? null,
      })),
    },
  };
}

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toLocaleString('en-GB')} %`;

// VA-6 figures for one sender, rates already in words for the page.
const qualityView = (q: SenderQualityDto | undefined) =>
  q
    ? {
        notices: q.notices,
        items: q.items,
        refused: q.refused,
        unmatched: q.unmatched,
        challenged: q.challenged,
        invalidRate: percent(q.invalidRate),
        unmatchedRate: percent(q.unmatchedRate),
        challengedRate: percent(q.challengedRate),
      }
    : null;

// One page of senders, each with its figures (`quality` holds this page's senders only).
export function sendersPage(
  orgs: Organisation[],
  total: number,
  page: number,
  quality: SenderQualityDto[],
) {
  const byOrg = new Map(quality.map((q) => [q.organisationId, q]));
  const rows = orgs.map((o) => ({
    ...OrganisationResponseDto.from(o),
    quality: qualityView(byOrg.get(o.id)),
  }));
  return {
    title: 'Senders',
    rows,
    pagination: pageLinks(SENDERS_PAGE, page, total),
  };
}

// What the sender page shows besides its figures: a step's outcome and the reason form.
export interface SenderExtra {
  notice?: string;
  failure?: string;
  reason?: string;
  errors?: FieldErrors;
}

// One sender's figures beside the suspend or reinstate form.
export function senderPage(
  found: Organisation,
  q: SenderQualityDto | undefined,
  extra: SenderExtra,
) {
  const org = OrganisationResponseDto.from(found);
  const errors = extra.errors ?? {};
  return {
    title: `Sender ${org.name}`,
    notice: extra.notice,
    failure: extra.failure,
    org,
    quality: qualityView(q),
    canSuspend: org.accreditation === Accreditation.Accredited,
    canReinstate: org.accreditation === Accreditation.Suspended,
    form: { reason: extra.reason ?? '' },
    errors,
    summary: errorSummary(errors),
  };
}
