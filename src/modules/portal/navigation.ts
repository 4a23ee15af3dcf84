import { Role } from '../../common/roles';

export interface NavLink {
  href: string;
  label: string;
  roles: readonly Role[];
}

export const PORTAL_BASE = '/portal';
export const SIGN_IN_PATH = `${PORTAL_BASE}/sign-in`;

// Every page of the portal with the roles that may open it; controllers use the same role
// lists, so the menu never offers a page that answers 403.
export const PAGE_ROLES = {
  dashboard: [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin],
  apiKeys: [Role.Complainant, Role.Admin],
  leaseImports: [Role.AbuseDesk, Role.Admin],
  attribution: [Role.AbuseDesk, Role.Legal, Role.Admin],
  audit: [Role.Legal, Role.Admin],
  organisations: [Role.AbuseDesk, Role.Legal, Role.Admin],
  users: [Role.Admin],
  // Bull Board (/admin/queues), gated to admins by admin-gate.ts.
  queueBoard: [Role.Admin],
  notices: [Role.Complainant],
  deskNotices: [Role.AbuseDesk, Role.Admin],
  // Issue #19: search over every notice's items, and each notice's case timeline.
  deskSearch: [Role.AbuseDesk, Role.Admin],
  // A subscriber's history by pseudonymous reference (no identity): linked from the timeline,
  // search results, challenges and escalations; legal reads proposals, so it reads this too.
  subscriberHistory: [Role.AbuseDesk, Role.Legal, Role.Admin],
  // A message as sent, identity as placeholders; legal opens it with identity (audited).
  sentMessage: [Role.AbuseDesk, Role.Legal, Role.Admin],
  disclosureRequests: [Role.Complainant],
  disclosureReview: [Role.Legal],
  identityView: [Role.Legal],
  legalHolds: [Role.Legal],
  senders: [Role.Legal],
  // Abuse desk: subscriber messaging (issue #7).
  challenges: [Role.AbuseDesk, Role.Admin],
  deadLetters: [Role.AbuseDesk, Role.Admin],
  deliveries: [Role.AbuseDesk, Role.Admin],
  templates: [Role.AbuseDesk, Role.Admin],
  // ER-5: the desk sees proposals; a named legal person or an admin decides them.
  escalations: [Role.AbuseDesk, Role.Legal, Role.Admin],
  escalationDecision: [Role.Legal, Role.Admin],
  // Blocking register (issue #18): legal decides; counsel follows its own; desk reads.
  blocking: [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin],
  blockingDecisions: [Role.Legal],
  blockingProtected: [Role.AbuseDesk, Role.Legal, Role.Admin],
  // Counsel submits orders and proposes mirrors for its own organisation.
  blockingCounsel: [Role.Complainant],
} as const satisfies Record<string, readonly Role[]>;

const LINKS: NavLink[] = [
  { href: PORTAL_BASE, label: 'Dashboard', roles: PAGE_ROLES.dashboard },
  { href: `${PORTAL_BASE}/notices/new`, label: 'Submit a notice', roles: PAGE_ROLES.notices },
  { href: `${PORTAL_BASE}/notices`, label: 'My notices', roles: PAGE_ROLES.notices },
  { href: `${PORTAL_BASE}/api-keys`, label: 'API keys', roles: PAGE_ROLES.apiKeys },
  { href: `${PORTAL_BASE}/desk/notices`, label: 'Notices', roles: PAGE_ROLES.deskNotices },
  { href: `${PORTAL_BASE}/desk/search`, label: 'Search', roles: PAGE_ROLES.deskSearch },
  { href: `${PORTAL_BASE}/desk/quarantine`, label: 'Quarantine', roles: PAGE_ROLES.deskNotices },
  {
    href: `${PORTAL_BASE}/desk/lease-imports`,
    label: 'Lease imports',
    roles: PAGE_ROLES.leaseImports,
  },
  {
    href: `${PORTAL_BASE}/desk/attribution`,
    label: 'Attribution lookup',
    roles: PAGE_ROLES.attribution,
  },
  {
    href: `${PORTAL_BASE}/disclosure-requests`,
    label: 'Disclosure requests',
    roles: PAGE_ROLES.disclosureRequests,
  },
  {
    href: `${PORTAL_BASE}/legal/disclosure`,
    label: 'Disclosure review',
    roles: PAGE_ROLES.disclosureReview,
  },
  {
    href: `${PORTAL_BASE}/legal/identity`,
    label: 'Subscriber identity',
    roles: PAGE_ROLES.identityView,
  },
  { href: `${PORTAL_BASE}/legal/holds`, label: 'Legal holds', roles: PAGE_ROLES.legalHolds },
  { href: `${PORTAL_BASE}/legal/senders`, label: 'Senders', roles: PAGE_ROLES.senders },
  { href: `${PORTAL_BASE}/desk/challenges`, label: 'Challenges', roles: PAGE_ROLES.challenges },
  {
    href: `${PORTAL_BASE}/desk/dead-letters`,
    label: 'Dead letters',
    roles: PAGE_ROLES.deadLetters,
  },
  { href: `${PORTAL_BASE}/desk/deliveries`, label: 'Deliveries', roles: PAGE_ROLES.deliveries },
  {
    href: `${PORTAL_BASE}/desk/escalations`,
    label: 'Escalations',
    roles: PAGE_ROLES.escalations,
  },
  { href: `${PORTAL_BASE}/desk/templates`, label: 'Templates', roles: PAGE_ROLES.templates },
  { href: `${PORTAL_BASE}/legal/audit`, label: 'Audit log', roles: PAGE_ROLES.audit },
  {
    href: `${PORTAL_BASE}/admin/organisations`,
    label: 'Organisations',
    roles: PAGE_ROLES.organisations,
  },
  { href: `${PORTAL_BASE}/admin/users`, label: 'Users', roles: PAGE_ROLES.users },
  // Outside the portal: Bull Board's own page (issue #19).
  { href: '/admin/queues', label: 'Queues (Bull Board)', roles: PAGE_ROLES.queueBoard },
  { href: `${PORTAL_BASE}/blocking`, label: 'Blocking orders', roles: PAGE_ROLES.blocking },
  {
    href: `${PORTAL_BASE}/blocking/update-requests`,
    label: 'Blocking updates',
    roles: PAGE_ROLES.blocking,
  },
  {
    href: `${PORTAL_BASE}/blocking/protected`,
    label: 'Protected list',
    roles: PAGE_ROLES.blockingProtected,
  },
];

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Complainant]: 'Rights-holder counsel',
  [Role.AbuseDesk]: 'Abuse desk',
  [Role.Legal]: 'Legal',
  [Role.Admin]: 'Administrator',
  [Role.Resolver]: 'Resolver machine',
};

export function navigationFor(
  role: Role,
  currentPath: string,
): Array<NavLink & { current: boolean }> {
  const links = LINKS.filter((l) => l.roles.includes(role));
  const under = (href: string) => currentPath === href || currentPath.startsWith(`${href}/`);
  // The most specific link is current (/portal/notices/new, not also /portal/notices).
  const best = links
    .filter((l) => (l.href === PORTAL_BASE ? currentPath === PORTAL_BASE : under(l.href)))
    .reduce<string | null>((a, l) => (a === null || l.href.length > a.length ? l.href : a), null);
  return links.map((l) => ({ ...l, current: l.href === best }));
}

// Only paths inside the portal are followed after sign-in (no open redirect).
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string') return PORTAL_BASE;
  if (!/^\/portal(\/[A-Za-z0-9/_\-.?=&%]*)?$/.test(next) || next.includes('..')) {
    return PORTAL_BASE;
  }
  return next.startsWith(SIGN_IN_PATH) ? PORTAL_BASE : next;
}

// The one-time link to set a password, on the service's public address (PUBLIC_URL): never
// built from the request's Host header, which the client chooses.
export function passwordLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${PORTAL_BASE}/password/${token}`;
}
