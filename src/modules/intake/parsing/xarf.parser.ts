import { applyAddress, applyTimestamp, parseCount } from './field-values';
import { parseFileSize } from './file-size';
import {
  DEFAULT_MAX_XML_BYTES,
  emptyItem,
  refuse,
  type ParsedNotice,
  type ParseOptions,
  type ParseOutcome,
  type ParseWarning,
} from './parsed-notice';
import { extractLinks, nonEmpty } from './text-utils';
import { scrubInternalTracking } from './xml-repair';
import { allStrings, normName } from './xml-tree';

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Case- and underscore-insensitive lookup: X-ARF v4 is snake_case, older drafts CamelCase. */
function get(obj: unknown, ...keys: string[]): unknown {
  if (!isObject(obj)) return undefined;
  const wanted = keys.map(normName);
  for (const [k, v] of Object.entries(obj)) if (wanted.includes(normName(k))) return v;
  return undefined;
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return nonEmpty(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function hashTypeOf(hash: string | null): string | null {
  if (hash === null) return null;
  if (/^[0-9a-f]{40}$/i.test(hash)) return 'SHA1';
  if (/^[0-9a-f]{64}$/i.test(hash)) return 'SHA256';
  return null;
}

/** True when parsed JSON looks like an X-ARF v4 report. */
export function isXarf4(value: unknown): boolean {
  const version = str(get(value, 'xarf_version', 'version'));
  return version !== null && /^4(\.|$)/.test(version);
}

/**
 * Parses an X-ARF v4 JSON report of category copyright (p2p and others). The `_internal` member
 * is never read: like ACNS InternalTracking it must not travel. Never throws.
 */
export function parseXarf4Json(json: string, opts: ParseOptions = {}): ParseOutcome {
  return scrubInternalTracking(readXarf4(json, opts));
}

function readXarf4(json: string, opts: ParseOptions): ParseOutcome {
  if (typeof json !== 'string') return refuse('unsupported_format', 'X-ARF input must be text');
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (Buffer.byteLength(json, 'utf8') > maxBytes) {
    return refuse('too_large', `the JSON is larger than ${maxBytes} bytes`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof Error ? err.message : 'syntax error';
    return refuse('malformed_json', `malformed JSON: ${why.slice(0, 200)}`);
  }
  if (!isObject(doc) || !isXarf4(doc)) {
    return refuse('unsupported_format', 'the JSON is not an X-ARF v4 report (no xarf_version 4.x)');
  }
  const category = str(get(doc, 'category'))?.toLowerCase() ?? null;
  if (category !== 'copyright') {
    return refuse('unsupported_format', `X-ARF category "${category ?? 'none'}" is not copyright`);
  }
  const warnings: ParseWarning[] = [];
  const item = emptyItem();
  applyAddress(
    item,
    str(get(doc, 'source_identifier', 'source')),
    str(get(doc, 'source_port')),
    warnings,
  );
  applyTimestamp(item, str(get(doc, 'timestamp', 'date', 'first_seen')), warnings);
  const swarm = get(doc, 'swarm_info');
  const peer = get(doc, 'peer_info');
  item.protocol = str(get(doc, 'p2p_protocol', 'protocol'));
  item.type = str(get(doc, 'type'));
  item.application = str(get(peer, 'client', 'client_version', 'user_agent'));
  item.peerId = str(get(peer, 'peer_id'));
  item.hash = str(get(swarm, 'info_hash')) ?? str(get(doc, 'info_hash'));
  item.hashType = hashTypeOf(item.hash);
  item.title = str(get(doc, 'work_title', 'title'));
  item.fileName = str(get(swarm, 'file_name', 'name')) ?? str(get(doc, 'file_name'));
  const rawSize = str(get(swarm, 'file_size', 'size')) ?? str(get(doc, 'file_size'));
  const size = parseFileSize(rawSize);
  item.fileSizeBytes = size.bytes;
  for (const w of size.warnings)
    warnings.push({ code: w, message: `file size "${rawSize ?? ''}"` });
  item.url = str(get(swarm, 'magnet_uri')) ?? str(get(doc, 'url', 'infringing_url'));
  const reporter = get(doc, 'reporter');
  const text = str(get(doc, 'description')) ?? '';
  // Links from everything except the internal block.
  const visible = Object.entries(doc).filter(([k]) => normName(k) !== 'internal');
  const notice: ParsedNotice = {
    format: 'xarf4',
    caseId: str(get(doc, 'report_id')),
    complainant: {
      entity: str(get(reporter, 'org')),
      contact: str(get(reporter, 'contact_name', 'name')),
      address: str(get(reporter, 'address')),
      phone: str(get(reporter, 'phone', 'contact_phone')),
      email: str(get(reporter, 'contact', 'email')),
    },
    owner: str(get(doc, 'rights_holder')),
    items: [item],
    titles: item.title === null ? [] : [item.title],
    refUrl: null,
    text,
    links: extractLinks(...visible.flatMap(([, v]) => allStrings(v)), text),
    warnings,
  };
  if (notice.caseId === null) warnings.push({ code: 'empty_case_id', message: 'no report_id' });
  return { ok: true, notice };
}

/**
 * Parses an X-ARF 0.2 `report.txt` ("Key: value" lines, YAML-like). Never throws.
 */
export function parseXarf02Report(text: string, opts: ParseOptions = {}): ParseOutcome {
  return scrubInternalTracking(readXarf02(text, opts));
}

function readXarf02(text: string, opts: ParseOptions): ParseOutcome {
  if (typeof text !== 'string') return refuse('unsupported_format', 'X-ARF input must be text');
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    return refuse('too_large', `the report is larger than ${maxBytes} bytes`);
  }
  const fields = new Map<string, string>();
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = /^([A-Za-z][\w-]{0,40}):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) continue;
    const key = normName(m[1]);
    const value = m[2].replace(/^(["'])(.*)\1$/, '$2');
    if (!fields.has(key) && value !== '') fields.set(key, value);
  }
  const f = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = fields.get(normName(k));
      if (v !== undefined) return v;
    }
    return null;
  };
  if (f('Source') === null || (f('Reported-From') === null && f('Version') === null)) {
    return refuse('no_notice_found', 'no X-ARF 0.2 report fields (Reported-From, Source) found');
  }
  const warnings: ParseWarning[] = [];
  const item = emptyItem();
  applyAddress(item, f('Source'), f('Source-Port', 'Port'), warnings);
  applyTimestamp(item, f('Date'), warnings);
  item.protocol = f('Service', 'Protocol');
  item.type = f('Report-Type');
  item.title = f('Title', 'Work-Title');
  item.fileName = f('File-Name', 'Filename');
  item.hash = f('Info-Hash', 'Hash');
  item.hashType = hashTypeOf(item.hash);
  item.application = f('Client', 'Application');
  item.numberFiles = parseCount(f('Number-Files'));
  const version = f('Version');
  if (version !== null && !version.startsWith('0.')) {
    warnings.push({
      code: 'xarf_version',
      message: `X-ARF report.txt states version "${version}"`,
    });
  }
  const reportId = f('Report-ID', 'Report-Id');
  if (reportId === null) warnings.push({ code: 'empty_case_id', message: 'no Report-ID' });
  return {
    ok: true,
    notice: {
      format: 'xarf02',
      caseId: reportId,
      complainant: {
        entity: f('Reporter', 'Reported-By', 'Organisation', 'Organization'),
        contact: null,
        address: null,
        phone: null,
        email: f('Reported-From'),
      },
      owner: f('Rights-Holder', 'Copyright-Owner'),
      items: [item],
      titles: item.title === null ? [] : [item.title],
      refUrl: null,
      text: '',
      links: extractLinks(text),
      warnings,
    },
  };
}
