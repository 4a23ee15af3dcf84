import { AuditLogEntry } from '../identity/audit-log.query';
import { ROLE_LABELS } from './navigation';
import { formatUtc } from './portal-view.service';

// The audit log in words: actions as sentences, subjects by kind and reference, people by
// name and role. Codes stay available (in a <code> aside and in the export) for whoever needs
// to match them against the API.
const ACTION_WORDS: Record<string, string> = {
  'identity.read': 'Opened a subscriber’s identity',
  'challenge.upheld': 'Upheld a subscriber’s challenge',
  'challenge.rejected': 'Rejected a subscriber’s challenge',
  'disclosure.received': 'Recorded a disclosure request',
  'disclosure.document_attached': 'Attached the order document',
  'disclosure.package_downloaded': 'Downloaded a disclosure package',
  'disclosure.under_review': 'Started reviewing a disclosure request',
  'disclosure.approved': 'Approved a disclosure request',
  'disclosure.refused': 'Refused a disclosure request',
  'disclosure.subscriber_notified': 'Recorded that the subscriber was told',
  'disclosure.waiting_window': 'Started the subscriber’s objection window',
  'disclosure.produced': 'Produced a disclosure package',
  'disclosure.withdrawn': 'Recorded that a disclosure request was withdrawn',
  'disclosure.on_hold': 'Put a disclosure request on hold',
  'hold.placed': 'Placed a legal hold',
  'hold.released': 'Released a legal hold',
  'retention.purged': 'Purged data past its retention period',
  'notice.proceedings_noted': 'Noted that the sender has gone to court',
  'organisation.created': 'Created an organisation',
  'organisation.suspended': 'Suspended a sender',
  'organisation.reinstated': 'Reinstated a sender',
  'organisation.accreditation_set': 'Changed a sender’s accreditation',
  'account.created': 'Created a user account',
  'account.confirmed': 'Confirmed a user account',
  'account.disabled': 'Disabled a user account',
  'api_key.created': 'Issued an API key',
  'api_key.revoked': 'Revoked an API key',
  'lease_source.settings_changed': 'Changed a lease source’s settings',
  'blocking.order_confirmed': 'Confirmed a blocking order',
  'blocking.order_rejected': 'Rejected a blocking order',
  'blocking.document_stored': 'Stored a blocking order’s document',
  'blocking.cost_recorded': 'Recorded the cost of a blocking order',
  'blocking.export_changed': 'Changed the blocking lists sent to resolvers',
  'blocking.update_proposed': 'Proposed a change to a blocking order',
  'blocking.update_approved': 'Approved a change to a blocking order',
  'blocking.update_refused': 'Refused a change to a blocking order',
  'blocking.ticket_imported': 'Imported a blocking request',
  'blocking.protected_added': 'Added to the protected list',
  'blocking.protected_removed': 'Removed from the protected list',
  'blocking.protected_overridden': 'Overrode the protected list',
  'blocking.protected_loaded': 'Loaded the protected list',
};

const SUBJECT_WORDS: Record<string, string> = {
  notice: 'Notice',
  challenge: 'Challenge',
  disclosure_request: 'Disclosure request',
  subscriber_account: 'Subscriber',
  user: 'User',
  organisation: 'Organisation',
  api_key: 'API key',
  lease_source: 'Lease source',
  retention: 'Retention',
  blocking_order: 'Blocking order',
  blocking_export: 'Blocking list',
  blocking_protected: 'Protected entry',
  blocking_protected_source: 'Protected list',
  blocking_ticket: 'Blocking request',
  blocking_update_request: 'Blocking order change',
};

const SYSTEM_WORDS: Record<string, string> = {
  messaging: 'Mail delivery (automatic)',
  retention: 'Retention purge (automatic)',
};

// An unknown code still reads as words: `blocking.update_withdrawn` → "Blocking: update withdrawn".
export function actionWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const [family, ...rest] = action.split('.');
  const what = rest.join(' ').replace(/_/g, ' ');
  const head = family.replace(/_/g, ' ');
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${what ? `: ${what}` : ''}`;
}

export function subjectKindWords(type: string): string {
  return SUBJECT_WORDS[type] ?? type.replace(/_/g, ' ');
}

export function roleWords(role: string): string {
  if (role === 'system') return 'Service';
  return (ROLE_LABELS as Record<string, string>)[role] ?? role.replace(/_/g, ' ');
}

export function actorWords(e: AuditLogEntry): string {
  if (e.actorKind === 'system') return SYSTEM_WORDS[e.actorId] ?? `Service: ${e.actorId}`;
  if (e.actorKind === 'api_key') return `API key “${e.actorName ?? 'removed key'}”`;
  return e.actorName ?? 'Removed user';
}

export interface AuditEntryView {
  seq: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  actionCode: string;
  subjectKind: string;
  subject: string;
  purpose: string;
  details: string;
  hash: string;
}

export function auditEntryView(e: AuditLogEntry): AuditEntryView {
  return {
    seq: e.seq,
    at: formatUtc(e.at),
    actor: actorWords(e),
    role: roleWords(e.actorRole),
    action: actionWords(e.action),
    actionCode: e.action,
    subjectKind: subjectKindWords(e.subjectType),
    // Subjects without a reference of their own (a lease source, the retention run) keep
    // their stored name or id.
    subject: e.subjectReference ?? e.subjectId,
    purpose: e.purpose,
    details: detailsWords(e.details),
    hash: e.hash,
  };
}

// "messageId: …; withdrawnStrikes: 2" as "message id …, withdrawn strikes 2".
export function detailsWords(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => {
      const key = k
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/_/g, ' ')
        .toLowerCase();
      const value = typeof v === 'string' ? v : JSON.stringify(v);
      return `${key}: ${value}`;
    })
    .join('; ');
}
