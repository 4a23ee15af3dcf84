import { OrganisationResponseDto } from '../../accounts/dto/organisation.dto';
import type { Organisation } from '../../accounts/entities/organisation.entity';
import { Accreditation, OrganisationKind } from '../../accounts/entities/organisation-kinds';
import { PORTAL_BASE } from '../navigation';
import { pageLinks } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';

export const ORGS = `${PORTAL_BASE}/admin/organisations`;

export const KIND_LABELS: Record<OrganisationKind, string> = {
  [OrganisationKind.RightsHolder]: 'Rights holder',
  [OrganisationKind.Vendor]: 'Anti-piracy vendor',
  [OrganisationKind.LawFirm]: 'Law firm',
};
export const STANDING_LABELS: Record<Accreditation, string> = {
  [Accreditation.Pending]: 'Pending accreditation: its notices are not acted on',
  [Accreditation.Accredited]: 'Accredited: its notices are acted on',
  [Accreditation.Suspended]: 'Suspended: its notices are refused for now',
  [Accreditation.Revoked]: 'Revoked: its keys and sessions end',
};

// The list of organisations with the form that adds one (admins only).
export function organisationsPage(
  orgs: Organisation[],
  total: number,
  page: number,
  isAdmin: boolean,
  errors: FieldErrors,
  form: Record<string, string>,
) {
  return {
    title: 'Organisations',
    rows: orgs.map((o) => ({ ...OrganisationResponseDto.from(o), isAdmin })),
    isAdmin,
    kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === (form.kind ?? ''),
    })),
    form: { name: '', postalAddress: '', ...form },
    errors,
    summary: errorSummary(errors),
    pagination: pageLinks(ORGS, page, total),
  };
}

export interface OrganisationPageExtra {
  notice?: string;
  errors?: FieldErrors;
  form?: Record<string, string>;
}

// One organisation with its standing and the form that changes it.
export function organisationPage(org: OrganisationResponseDto, extra: OrganisationPageExtra) {
  const errors = extra.errors ?? {};
  const chosen = extra.form?.accreditation ?? org.accreditation;
  return {
    title: `Organisation ${org.name}`,
    org,
    standingLabel: STANDING_LABELS[org.accreditation] ?? org.accreditation,
    standings: Object.entries(STANDING_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === chosen,
    })),
    note: extra.form?.note ?? '',
    notice: extra.notice,
    errors,
    summary: errorSummary(errors),
  };
}
