import { AttributionResultDto } from '../../attribution/dto/attribution.dto';
import { LeaseImportResponseDto } from '../../leases/dto/lease-import.dto';
import type { ImportSummaryRow } from '../../leases/leases.repository';
import { LOOKUP_PROTOCOLS } from '../dto/portal-forms.dto';
import { PORTAL_BASE } from '../navigation';
import { sliceListPage } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';
import type { AttributionPage, LeaseImportsPage, Option } from './page-contexts';

const IMPORTS_PAGE = `${PORTAL_BASE}/desk/lease-imports`;

const OUTCOME_TEXT: Record<string, string> = {
  unique: 'One subscriber account held this address at that time.',
  ambiguous: 'Several accounts are candidates: no single subscriber can be named.',
  no_lease: 'No lease covers this address at that time.',
  needs_port: 'This address is in a shared CGNAT pool: a source port is needed to attribute it.',
  out_of_retention: 'The time is outside the lease log retention window.',
  not_our_address: 'The address is outside this ISP’s address space.',
};

// The newest imports (a bounded window), 25 to a page, each with its first five problems.
export function leaseImportsPage(all: ImportSummaryRow[], rawPage: unknown): LeaseImportsPage {
  const { rows, pagination } = sliceListPage(IMPORTS_PAGE, rawPage, all);
  return {
    title: 'Lease imports',
    rows: rows.map((r) => ({
      ...LeaseImportResponseDto.from(r),
      fileName: r.fileName,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      problemCount: r.problems.length,
      firstProblems: r.problems.slice(0, 5),
    })),
    pagination,
  };
}

export interface AttributionEcho {
  ip: string;
  port: string;
  at: string;
}

// What was typed, as typed (the form shows it again).
export function attributionEcho(body: Record<string, unknown> | undefined): AttributionEcho {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { ip: text(body?.ip), port: text(body?.port), at: text(body?.at) };
}

// The lookup form, with the answer under it once there is one.
export function attributionPage(
  form: AttributionEcho,
  protocol: unknown,
  errors: FieldErrors = {},
  result: AttributionResultDto | null = null,
): AttributionPage {
  return {
    title: 'Attribution lookup',
    form,
    protocols: protocolOptions(protocol),
    errors,
    summary: errorSummary(errors),
    result: result && {
      ...result,
      explanation: OUTCOME_TEXT[result.outcome] ?? result.outcome,
    },
  };
}

// The protocol select's options, the one sent (if any) selected again.
function protocolOptions(sent: unknown): Option[] {
  return [
    { value: '', label: 'Not stated (blocks of every protocol)' },
    ...LOOKUP_PROTOCOLS.map((p) => ({ value: p, label: p.toUpperCase() })),
  ].map((o) => ({ ...o, selected: o.value === (typeof sent === 'string' ? sent : '') }));
}
