// The parser's output contract: what intake validation and matching read. Pure data, no classes,
// so a ParsedNotice can be stored as JSON next to the original bytes (IN-1, RA-9).

// How the notice was encoded; whether it came by e-mail, API or portal is the caller's to record.
// 'json' is notice-relay's own API schema, read by intake (src/modules/intake/notice-reader.ts).
export type NoticeSourceFormat = 'acns' | 'xarf4' | 'xarf02' | 'json' | 'text';

export type TimestampProblem =
  'missing' | 'no_zone' | 'ambiguous_12h' | 'unparseable' | 'no_seconds';

/** One (ip, port, time) observation with what the notice says about the work. */
export interface ParsedItem {
  /** Canonical form via ipaddr.js (IPv4-mapped IPv6 folded to IPv4), null when missing/invalid. */
  ip: string | null;
  port: number | null;
  /** UTC instant; null when missing or refused (see timestampProblem, VA-3). */
  observedAt: Date | null;
  /** The timestamp text as given. */
  observedAtRaw: string | null;
  timestampProblem?: TimestampProblem;
  /** SubType@Protocol, e.g. 'BITTORRENT'; compare lowercased. */
  protocol: string | null;
  /** SubType@Application, the client, e.g. 'uTorrent'. */
  application: string | null;
  /** Source/Type, e.g. 'P2P' or 'BitTorrent'. */
  type: string | null;
  title: string | null;
  fileName: string | null;
  fileSizeBytes: number | null;
  hash: string | null;
  hashType: string | null;
  peerId: string | null;
  dejaVu: string | null;
  numberFiles: number | null;
  url: string | null;
  /** The case id of the report this item came from, when a mail carried several reports. */
  caseId?: string | null;
  /** Which report of the message (0-based) the item came from, and where it sat. */
  report?: { index: number; where: string };
  /** A report that was found but could not be read: kept as a refused item, never dropped. */
  readRefusal?: { code: ParseRefusalCode | 'timestamp_zone'; message: string };
  /** Read from plain text rather than structured data: the lines it came from. */
  readFromText?: { lines: string[] };
}

export interface ParseWarning {
  code: string;
  message: string;
}

export interface ParsedComplainant {
  entity: string | null;
  contact: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface ParsedNotice {
  format: NoticeSourceFormat;
  /**
   * '1.2' from schemaLocation when stated, else the namespace family: '0.6-0.7' (none),
   * '1.0-1.1' (movielabs), '1.2-1.3' (acns.net); 'unknown' for a foreign or undeclared namespace.
   */
  acnsVersion?: string;
  caseId: string | null;
  complainant: ParsedComplainant;
  /**
   * The rights owner. ACNS: Complainant/Entity (the schema defines it as the copyright owner; the
   * sending agent shows in Complainant/Contact and Email). X-ARF v4: rights_holder.
   */
  owner: string | null;
  items: ParsedItem[];
  /** Every distinct Content/Item title in document order. */
  titles: string[];
  refUrl: string | null;
  /** Human-readable text (TextNotice, or the e-mail body minus XML and PGP armour). */
  text: string;
  /** Every http(s) URL found in the text and in the structured part. */
  links: string[];
  warnings: ParseWarning[];
  /** Where Case/ID came from when the XML's own was empty ("Notice ID:" in the text). */
  caseIdSource?: 'xml' | 'text';
  /** The XML was damaged and read from what was complete; what was wrong. */
  repaired?: { damage: string[] };
  /** The agent that sent for the owner (ACNS Complainant/Contact or the sending organisation). */
  agent?: string | null;
}

export type ParseRefusalCode =
  | 'xml_doctype_forbidden'
  | 'too_large'
  | 'no_notice_found'
  | 'malformed_xml'
  | 'malformed_json'
  | 'malformed_email'
  | 'unsupported_format'
  | 'timestamp_zone'
  | 'not_p2p';

export type ParseOutcome =
  | { ok: true; notice: ParsedNotice }
  | { ok: false; code: ParseRefusalCode; message: string; line?: number };

export interface ParseOptions {
  /** Size cap in bytes; default 1 MiB for XML/JSON, 10 MiB for a whole e-mail. */
  maxBytes?: number;
}

export const DEFAULT_MAX_XML_BYTES = 1024 * 1024;
export const DEFAULT_MAX_EMAIL_BYTES = 10 * 1024 * 1024;

export function emptyItem(): ParsedItem {
  return {
    ip: null,
    port: null,
    observedAt: null,
    observedAtRaw: null,
    protocol: null,
    application: null,
    type: null,
    title: null,
    fileName: null,
    fileSizeBytes: null,
    hash: null,
    hashType: null,
    peerId: null,
    dejaVu: null,
    numberFiles: null,
    url: null,
  };
}

export function refuse(
  code: ParseRefusalCode,
  message: string,
  line?: number,
): Extract<ParseOutcome, { ok: false }> {
  return line === undefined ? { ok: false, code, message } : { ok: false, code, message, line };
}
