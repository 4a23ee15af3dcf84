import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { SubscriberIdentity } from '../identity/identity.service';
import { canonicalJson } from '../identity/audit-hash';
import {
  CONFIDENCE_LABELS,
  evidenceWords,
  FIELD_LABELS,
  KIND_LABELS,
  OUTCOME_LABELS,
  readableUtc,
  wordsFor,
} from './disclosure-words';
import { CoveredItemRow, DisclosableField, DisclosureRequestRow } from './disclosure.types';

export type Confidence = 'high' | 'medium' | 'none';

export interface PackageItem {
  noticeReference: string;
  position: number;
  // The item's number as on the sender's receipt (positions are stored from 0).
  item: number;
  ip: string | null;
  port: number | null;
  observedAt: string | null;
  outcome: string;
  confidence: Confidence;
  caveats: string[];
  evidence: Array<Record<string, unknown>>;
}

export interface DisclosurePackage {
  requestReference: string;
  kind: string;
  issuingBody: string;
  caseNumber: string;
  // The SHA-256 of the order document the disclosure rests on (frozen since review started).
  orderDocumentSha256: string | null;
  producedAt: string;
  allowedFields: DisclosableField[];
  // One entry per account; labelled by position, never by account id (DR-3).
  subscribers: Array<{
    label: string;
    identity: Partial<Record<DisclosableField, string | null>>;
    items: PackageItem[];
  }>;
  // Items that name no single account: reported as such, never as a list of candidates.
  notAttributed: PackageItem[];
}

const EVIDENCE_KEYS = [
  'hop',
  'table',
  'source',
  'address',
  'starts',
  'ends',
  'confirmedUntil',
  'toleranceSeconds',
  'onlyWithinTolerance',
  'ports',
  'pool',
] as const;

const CGNAT_CAVEAT =
  'The public address is shared (CGNAT): this match depends on the source port and the NAT port-block log.';
const TOLERANCE_CAVEAT =
  'The log covers the reported time only within the clock tolerance of its source.';
const NOT_ATTRIBUTED_CAVEAT =
  'No single subscriber could be identified for this item; no identity is disclosed for it.';

export function describeConfidence(i: CoveredItemRow): PackageItem {
  const raw = i.attribution?.evidence;
  const evidence = (Array.isArray(raw) ? raw : []) as Array<Record<string, unknown>>;
  const unique = i.attribution_outcome === 'unique' && i.subscriber_account_id !== null;
  const caveats: string[] = [];
  if (evidence.some((e) => e.hop === 'nat')) caveats.push(CGNAT_CAVEAT);
  const tolerance = evidence.some((e) => e.onlyWithinTolerance === true);
  if (tolerance) caveats.push(TOLERANCE_CAVEAT);
  if (!unique) caveats.push(NOT_ATTRIBUTED_CAVEAT);
  return {
    noticeReference: i.notice_reference,
    position: i.position,
    item: i.position + 1,
    ip: i.ip,
    port: i.port,
    observedAt: i.observed_at ? new Date(i.observed_at).toISOString() : null,
    outcome: i.attribution_outcome ?? 'not_attributed',
    confidence: !unique ? 'none' : tolerance ? 'medium' : 'high',
    caveats,
    // Only how the match was found; no internal addresses or other subscribers' references.
    evidence: unique
      ? evidence.map((e) =>
          Object.fromEntries(EVIDENCE_KEYS.filter((k) => k in e).map((k) => [k, e[k]])),
        )
      : [],
  };
}

// The package holds, per covered account, exactly the fields the order allows (DR-3), with the
// match evidence, confidence and CGNAT caveats of each item (DR-5).
export function buildPackage(
  request: DisclosureRequestRow,
  items: CoveredItemRow[],
  identities: Map<string, Partial<SubscriberIdentity>>,
  producedAt: Date,
): DisclosurePackage {
  const allowed = request.allowed_fields;
  const groups = new Map<string, PackageItem[]>();
  const notAttributed: PackageItem[] = [];
  for (const i of items) {
    const described = describeConfidence(i);
    if (described.confidence === 'none' || !i.subscriber_account_id) {
      notAttributed.push(described);
      continue;
    }
    const list = groups.get(i.subscriber_account_id) ?? [];
    list.push(described);
    groups.set(i.subscriber_account_id, list);
  }
  const subscribers = [...groups.entries()].map(([accountId, its], n) => {
    const found = identities.get(accountId) ?? {};
    const identity: Partial<Record<DisclosableField, string | null>> = {};
    for (const f of allowed) identity[f] = found[f] ?? null;
    return { label: `subscriber-${n + 1}`, identity, items: its };
  });
  return {
    requestReference: request.reference,
    kind: request.kind,
    issuingBody: request.issuing_body,
    caseNumber: request.case_number,
    orderDocumentSha256: request.document_sha256,
    producedAt: producedAt.toISOString(),
    allowedFields: [...allowed],
    subscribers,
    notAttributed,
  };
}

export function packageSha256(pkg: DisclosurePackage): string {
  return createHash('sha256').update(canonicalJson(pkg)).digest('hex');
}

const hbs = Handlebars.create();
// The printable package is the document counsel takes to court: the order's kind, field names,
// outcomes and evidence in words, every time readable and in UTC, item numbers as on the
// sender's receipt. The JSON beside it keeps the codes.
const PRINTABLE = hbs.compile(
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Disclosure {{requestReference}}</title>
<style>body{font-family:serif;margin:2cm}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #444;padding:4px;font-size:10pt;vertical-align:top;text-align:left}
@media print{section{page-break-inside:avoid}}</style></head><body>
<h1>Disclosure package {{requestReference}}</h1>
<table>
<tr><th scope="row">Order</th><td>{{kindWords}}</td></tr>
<tr><th scope="row">Issued by</th><td>{{issuingBody}}</td></tr>
<tr><th scope="row">Case</th><td>{{caseNumber}}</td></tr>
<tr><th scope="row">Produced</th><td>{{producedWords}}</td></tr>
<tr><th scope="row">Order document SHA-256</th><td>{{#if orderDocumentSha256}}<code>{{orderDocumentSha256}}</code>{{else}}none on file (the subscriber consented){{/if}}</td></tr>
<tr><th scope="row">Details the order allows</th><td>{{allowedWords}}</td></tr>
</table>
<p>Items are numbered as on the sender's receipt for each notice. All times are in UTC.</p>
{{#each subscribers}}<section><h2>{{title}}</h2><table>
{{#each fields}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/each}}</table>
<h3>Items</h3>{{> items items=items}}</section>{{/each}}
{{#if notAttributed.length}}<section><h2>Items without a single subscriber</h2>
{{> items items=notAttributed}}</section>{{/if}}
</body></html>`,
  { strict: false },
);
hbs.registerPartial(
  'items',
  `<table><tr><th scope="col">Notice and item</th><th scope="col">Address and port</th><th scope="col">Time (UTC)</th><th scope="col">Outcome</th><th scope="col">Confidence</th><th scope="col">How it was found</th><th scope="col">Caveats</th></tr>
{{#each items}}<tr><td>Notice {{noticeReference}}, item {{item}}</td><td>{{ip}}{{#if port}}, port {{port}}{{/if}}</td><td>{{time}}</td><td>{{outcome}}</td><td>{{confidence}}</td><td>{{#each evidence}}<p>{{#each this}}{{label}}: {{value}}{{#unless @last}}; {{/unless}}{{/each}}</p>{{/each}}</td><td>{{#each caveats}}{{this}} {{/each}}</td></tr>{{/each}}</table>`,
);

function itemWords(i: PackageItem) {
  return {
    noticeReference: i.noticeReference,
    item: i.item,
    ip: i.ip ?? 'not given',
    port: i.port,
    time: readableUtc(i.observedAt),
    outcome: wordsFor(OUTCOME_LABELS, i.outcome),
    confidence: wordsFor(CONFIDENCE_LABELS, i.confidence),
    evidence: i.evidence.map(evidenceWords),
    caveats: i.caveats,
  };
}

export function renderPackageHtml(pkg: DisclosurePackage): string {
  return PRINTABLE({
    requestReference: pkg.requestReference,
    kindWords: wordsFor(KIND_LABELS, pkg.kind),
    issuingBody: pkg.issuingBody,
    caseNumber: pkg.caseNumber,
    producedWords: readableUtc(pkg.producedAt),
    orderDocumentSha256: pkg.orderDocumentSha256,
    allowedWords: pkg.allowedFields.map((f) => wordsFor(FIELD_LABELS, f)).join(', '),
    subscribers: pkg.subscribers.map((s, n) => ({
      title: `Subscriber ${n + 1}`,
      fields: Object.entries(s.identity).map(([k, v]) => ({
        label: wordsFor(FIELD_LABELS, k),
        value: v ?? 'not on file',
      })),
      items: s.items.map(itemWords),
    })),
    notAttributed: pkg.notAttributed.map(itemWords),
  });
}
