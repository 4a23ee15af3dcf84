import * as ipaddr from 'ipaddr.js';
import { contains, NatPool } from '../../leases/nat-pools';
import type { ParsedItem, ParsedNotice } from '../parsing';
import { detectSettlementDemand } from './settlement-detector';

// Every validation rule has a name, can be switched off (NOTICE_CHECKS_DISABLED), and its
// result is stored on the notice. The name is the reason code an item is refused with.
export const CHECK_NAMES = [
  'sender_accredited',
  'owner_represented',
  'required_elements',
  'timestamp_zone',
  'p2p_evidence',
  'address_space',
  'retention',
  'cgnat_port',
  'settlement_demand',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

const RULE_OF: Record<CheckName, string> = {
  sender_accredited: 'IN-4 VA-6',
  owner_represented: 'IN-4',
  required_elements: 'VA-1',
  timestamp_zone: 'VA-3',
  p2p_evidence: 'P2P only exposes a downloader',
  address_space: 'VA-5',
  retention: 'VA-5',
  cgnat_port: 'VA-4',
  settlement_demand: 'VA-2',
};

export type CheckOutcome = 'pass' | 'fail' | 'flag' | 'skipped';

export interface CheckResult {
  check: CheckName;
  rule: string;
  scope: 'notice' | 'item';
  position?: number;
  result: CheckOutcome;
  detail?: string;
}

export interface SenderFacts {
  name: string;
  accreditation: string;
  postalAddress: string | null;
  contactEmail: string | null;
  owners: string[];
}

export interface PolicySettings {
  now: Date;
  addressSpace: string[];
  retentionDays: number;
  natPools: NatPool[];
  disabled: ReadonlySet<string>;
}

export interface PolicyVerdict {
  checks: CheckResult[];
  // A notice-level failure refuses every item with that check's name.
  noticeFailure: CheckResult | null;
  // Per item (by index): the first failing check, or null when the item passes.
  itemFailures: Array<CheckResult | null>;
  // Per item: every failing check, so a receipt can name them all.
  itemAllFailures: CheckResult[][];
  settlementFlagged: boolean;
}

// Protocols and clients whose swarms expose a downloader's address (SubType, X-ARF p2p_protocol).
const P2P =
  /bit ?torrent|\bbt\b|torrent|edonkey|ed2k|emule|kad\b|gnutella|ares|limewire|frostwire|direct ?connect|dc\+\+|\bp2p\b|peer[- ]to[- ]peer|utorrent|qbittorrent|transmission|vuze|azureus|deluge|libtorrent|shareaza|soulseek|fasttrack|kazaa|openft|\bg2\b/i;

export function assertKnownChecks(names: string[]): void {
  const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `NOTICE_CHECKS_DISABLED names unknown checks: ${unknown.join(', ')} (known: ${CHECK_NAMES.join(', ')})`,
    );
  }
}

// ADDRESS_SPACE is fixed for the life of the process, but parsing an IPv6 range on every
// notice cost about a fifth of a millisecond (issue #15): each range is parsed once.
const CIDRS = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();
function parsedCidr(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  let range = CIDRS.get(cidr);
  if (range === undefined) {
    range = ipaddr.parseCIDR(cidr);
    if (CIDRS.size >= 1000) CIDRS.clear();
    CIDRS.set(cidr, range);
  }
  return range;
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

type Finding = { result: 'pass' | 'fail' | 'flag'; detail?: string };
type Run = (
  check: CheckName,
  scope: 'notice' | 'item',
  position: number | undefined,
  fn: () => Finding,
) => CheckResult;

// Runs a check unless it is switched off, and records its result in `checks` in order.
function checkRunner(disabled: ReadonlySet<string>, checks: CheckResult[]): Run {
  return (check, scope, position, fn) => {
    const r: CheckResult = disabled.has(check)
      ? { check, rule: RULE_OF[check], scope, result: 'skipped' }
      : { check, rule: RULE_OF[check], scope, ...fn() };
    if (position !== undefined) r.position = position;
    checks.push(r);
    return r;
  };
}

export function evaluateNotice(
  notice: ParsedNotice,
  sender: SenderFacts,
  s: PolicySettings,
): PolicyVerdict {
  const checks: CheckResult[] = [];
  const run = checkRunner(s.disabled, checks);
  const noticeLevel = [
    run('sender_accredited', 'notice', undefined, () => senderAccredited(sender)),
    run('owner_represented', 'notice', undefined, () => ownerRepresented(notice, sender)),
  ];
  const settlement = run('settlement_demand', 'notice', undefined, () => settlementDemand(notice));
  const noticeFailure = noticeLevel.find((c) => c.result === 'fail') ?? null;

  const context = itemContext(notice, sender, s);
  const itemAllFailures = notice.items.map((item, position) =>
    // A report that could not be read is refused by intake with its own reason.
    item.readRefusal !== undefined
      ? []
      : itemChecks(notice, item, context)
          .map(([check, fn]) => run(check, 'item', position, fn))
          .filter((c) => c.result === 'fail'),
  );

  return {
    checks,
    noticeFailure,
    itemFailures: itemAllFailures.map((f) => f[0] ?? null),
    itemAllFailures,
    settlementFlagged: settlement.result === 'flag',
  };
}

function senderAccredited(sender: SenderFacts): Finding {
  return sender.accreditation === 'accredited'
    ? { result: 'pass' }
    : { result: 'fail', detail: `the sender's accreditation is ${sender.accreditation}` };
}

function ownerRepresented(notice: ParsedNotice, sender: SenderFacts): Finding {
  const owner = norm(notice.owner);
  if (owner === '') return { result: 'pass', detail: 'no owner named (see required_elements)' };
  const known = [sender.name, ...sender.owners].map(norm);
  return known.includes(owner)
    ? { result: 'pass' }
    : {
        result: 'fail',
        detail: `the sender is not registered as acting for "${(notice.owner ?? '').slice(0, 120)}"`,
      };
}

function settlementDemand(notice: ParsedNotice): Finding {
  const findings = detectSettlementDemand(subscriberFacingText(notice), notice.links);
  return findings.length === 0
    ? { result: 'pass' }
    : {
        result: 'flag',
        detail: findings
          .map((f) => `${f.kind}: ${f.excerpt}`)
          .join(' | ')
          .slice(0, 500),
      };
}

// What every item's checks share: the claimant's presence, the address space, the time window.
interface ItemContext {
  claimantPresent: boolean;
  claimantReachable: boolean;
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  oldest: number;
  newest: number;
  natPools: NatPool[];
}

function itemContext(notice: ParsedNotice, sender: SenderFacts, s: PolicySettings): ItemContext {
  return {
    claimantPresent:
      norm(notice.complainant.entity ?? notice.complainant.contact) !== '' ||
      norm(sender.name) !== '',
    claimantReachable:
      norm(notice.complainant.address ?? notice.complainant.email) !== '' ||
      norm(sender.postalAddress ?? sender.contactEmail) !== '',
    ranges: s.addressSpace.map(parsedCidr),
    oldest: s.now.getTime() - s.retentionDays * 86_400_000,
    newest: s.now.getTime() + 5 * 60_000,
    natPools: s.natPools,
  };
}

// An item's checks, in the order they run and are stored.
function itemChecks(
  notice: ParsedNotice,
  item: ParsedItem,
  c: ItemContext,
): Array<[CheckName, () => Finding]> {
  return [
    ['required_elements', () => requiredElements(notice, item, c)],
    ['timestamp_zone', () => timestampZone(item)],
    ['p2p_evidence', () => p2pEvidence(notice, item)],
    ['address_space', () => addressSpace(item, c)],
    ['retention', () => retention(item, c)],
    ['cgnat_port', () => cgnatPort(item, c)],
  ];
}

function requiredElements(notice: ParsedNotice, item: ParsedItem, c: ItemContext): Finding {
  const missing = missingElements(notice, item, c.claimantPresent, c.claimantReachable);
  return missing.length === 0
    ? { result: 'pass' }
    : { result: 'fail', detail: `missing: ${missing.join(', ')}` };
}

function timestampZone(item: ParsedItem): Finding {
  return item.observedAt !== null
    ? { result: 'pass' }
    : {
        result: 'fail',
        detail: `timestamp "${(item.observedAtRaw ?? '').slice(0, 60)}" refused: ${item.timestampProblem ?? 'missing'}`,
      };
}

function p2pEvidence(notice: ParsedNotice, item: ParsedItem): Finding {
  return [item.protocol, item.application, item.type].some((v) => v !== null && P2P.test(v))
    ? { result: 'pass' }
    : { result: 'fail', detail: notP2pSentence(notice, item) };
}

function addressSpace(item: ParsedItem, c: ItemContext): Finding {
  if (item.ip === null) return { result: 'fail', detail: 'no valid IP address' };
  const addr = ipaddr.parse(item.ip);
  return c.ranges.some((r) => r[0].kind() === addr.kind() && addr.match(r))
    ? { result: 'pass' }
    : { result: 'fail', detail: `${item.ip} is not in this provider's address space` };
}

function retention(item: ParsedItem, c: ItemContext): Finding {
  if (item.observedAt === null) return { result: 'pass', detail: 'no time (see timestamp_zone)' };
  const t = item.observedAt.getTime();
  if (t < c.oldest) return { result: 'fail', detail: 'the time is older than log retention' };
  if (t > c.newest) return { result: 'fail', detail: 'the time is in the future' };
  return { result: 'pass' };
}

function cgnatPort(item: ParsedItem, c: ItemContext): Finding {
  const ip = item.ip;
  if (ip === null || item.port !== null) return { result: 'pass' };
  const pool = c.natPools.find((p) => contains(p.publicPrefix, ip));
  return pool
    ? { result: 'fail', detail: 'the address is shared (CGNAT); a source port is required' }
    : { result: 'pass' };
}

// IN-2 / VA-1: claimant, work, claimant's right (owner), IP, infringement type, date/time.
function missingElements(
  notice: ParsedNotice,
  item: ParsedItem,
  claimantPresent: boolean,
  claimantReachable: boolean,
): string[] {
  const missing: string[] = [];
  if (!claimantPresent) missing.push('claimant name');
  if (!claimantReachable) missing.push('claimant address');
  if (norm(item.title ?? item.fileName) === '' && notice.titles.length === 0) missing.push('work');
  if (norm(notice.owner) === '') missing.push("claimant's right (owner)");
  if (item.ip === null) missing.push('IP address');
  if (norm(item.protocol ?? item.type ?? item.application) === '')
    missing.push('infringement type');
  if (item.observedAtRaw === null || norm(item.observedAtRaw) === '') missing.push('date and time');
  return missing;
}

// VA-2 reads every field that reaches a subscriber, not only the letter.
export function subscriberFacingText(notice: ParsedNotice): string {
  const fields = [
    notice.text,
    ...notice.titles,
    notice.owner,
    notice.agent,
    notice.complainant.entity,
    notice.complainant.contact,
    ...notice.items.flatMap((i) => [i.title, i.fileName]),
  ];
  return [...new Set(fields.filter((f): f is string => typeof f === 'string' && f !== ''))].join(
    '\n',
  );
}

// A web, hosting or streaming takedown: what it is, and who can act on it.
function notP2pSentence(notice: ParsedNotice, item: ParsedItem): string {
  const url = item.url ?? notice.refUrl ?? notice.links[0] ?? null;
  const where = url !== null ? ` (it points at ${url.slice(0, 120)})` : '';
  return (
    `This is not a peer-to-peer notice${where}; it names no peer-to-peer protocol or ` +
    'client. An access provider cannot remove web, hosting or streaming content: please write ' +
    'to the hosting provider of that content.'
  );
}
