import type { Organisation } from '../../accounts/entities/organisation.entity';
import type { DeskNoticeDto } from '../../intake/dto/desk-notice.dto';
import type { NoticeQueryService } from '../../intake/notice-query.service';
import type { NoticeMessageRow } from '../../messaging/outbox.repository';
import { deskNoticeView, messageView, parsedSummary } from '../desk-notice-view';
import { PORTAL_BASE } from '../navigation';
import { itemCountsInWords, ITEM_STATUS_LABELS, NOTICE_STATUS_LABELS } from '../notice-words';
import { listPage, PAGE_SIZE } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';

export const NOTICES = `${PORTAL_BASE}/desk/notices`;
export const QUARANTINE = `${PORTAL_BASE}/desk/quarantine`;

const KIND_LABELS: Record<string, string> = {
  vendor: 'Vendor acting for owners',
  rights_holder: 'Rights holder',
  law_firm: 'Law firm',
};

type DeskList = Awaited<ReturnType<NoticeQueryService['listForDesk']>>;
type Sender = Pick<Organisation, 'id' | 'name'>;

export type QuarantineForms = {
  errors?: FieldErrors;
  accept?: Record<string, string>;
  create?: Record<string, string>;
  reject?: Record<string, string>;
  notice?: string;
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const statusWords = (status: string) => NOTICE_STATUS_LABELS[status] ?? status;

// Every notice, filtered by item outcome, sender and received days; the filters as typed.
export function deskNoticesPage(
  query: Record<string, unknown>,
  result: DeskList,
  page: number,
  orgs: Sender[],
  errors: FieldErrors,
) {
  const echo = {
    outcome: str(query.outcome),
    sender: str(query.sender),
    from: str(query.from),
    to: str(query.to),
  };
  const kept = Object.fromEntries(Object.entries(echo).filter(([, v]) => v !== ''));
  const rows = result.notices.map((n) => ({
    ...n,
    statusLabel: statusWords(n.status),
    items: itemCountsInWords(n.itemCounts),
  }));
  return {
    title: 'Notices',
    filters: echo,
    filtered: Object.keys(kept).length > 0,
    outcomes: Object.entries(ITEM_STATUS_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === echo.outcome,
    })),
    senders: orgs.map((o) => ({ id: o.id, name: o.name, selected: o.id === echo.sender })),
    errors,
    summary: errorSummary(errors),
    ...listPage(NOTICES, page, result.total, rows, kept, PAGE_SIZE),
  };
}

// One notice as the desk sees it: checks, items with evidence, the messages sent.
export function deskNoticePage(
  notice: DeskNoticeDto,
  messages: NoticeMessageRow[],
  accepted: string | undefined,
) {
  return {
    title: `Notice ${notice.reference}`,
    n: deskNoticeView(notice),
    statusLabel: statusWords(notice.status),
    messages: messages.map((m) => messageView(m)),
    held: notice.items.some((i) => i.status === 'held'),
    notice:
      accepted === '1'
        ? `The notice was assigned to ${notice.organisationName ?? 'the sender'} and validated.`
        : accepted === 'confirmed'
          ? 'The items read from text were confirmed and go on to attribution.'
          : undefined,
  };
}

export function quarantinePage(result: DeskList, page: number, rejected: string | undefined) {
  return {
    title: 'Quarantine',
    ...listPage(QUARANTINE, page, result.total, result.notices),
    notice:
      typeof rejected === 'string' && /^[A-Za-z0-9-]{1,40}$/.test(rejected)
        ? `Notice ${rejected} was rejected.`
        : undefined,
  };
}

// A quarantined notice with the three ways out: an existing organisation, a new one, reject.
export function quarantineNoticePage(
  notice: DeskNoticeDto,
  orgs: Array<Sender & Pick<Organisation, 'accreditation'>>,
  forms: QuarantineForms,
) {
  const errors = forms.errors ?? {};
  const create = forms.create ?? {
    name: '',
    kind: 'vendor',
    postalAddress: '',
    registerSender: 'yes',
  };
  return {
    title: `Quarantined notice ${notice.reference}`,
    n: {
      reference: notice.reference,
      status: notice.status,
      statusLabel: statusWords(notice.status),
      senderAddress: notice.senderAddress,
      receivedAt: notice.receivedAt,
      format: notice.format,
      mediaType: notice.mediaType,
      refusalCode: notice.refusalCode,
      refusalReason: notice.refusalReason,
      organisationName: notice.organisationName,
    },
    open: notice.status === 'quarantined',
    parsed: parsedSummary(notice.parsed),
    organisations: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      accreditation: o.accreditation,
      selected: o.id === (forms.accept?.organisationId ?? ''),
    })),
    kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === create.kind,
    })),
    create,
    reject: forms.reject ?? { reason: '' },
    errors,
    summary: errorSummary(errors),
    notice:
      forms.notice ??
      (notice.status === 'quarantined'
        ? undefined
        : `This notice is no longer quarantined: it is ${statusWords(notice.status)}.`),
  };
}
