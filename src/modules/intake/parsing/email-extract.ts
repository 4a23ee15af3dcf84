import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { parseAcnsXml } from './acns-xml.parser';
import { canonicalIp } from './field-values';
import { caseIdFromText, titleFromText } from './case-id';
import { findAllInlineXml, stripPgpArmour } from './inline-xml';
import { readTextNotice } from './text-notice.reader';
import {
  DEFAULT_MAX_EMAIL_BYTES,
  emptyItem,
  refuse,
  type ParsedNotice,
  type ParseOptions,
  type ParseOutcome,
  type ParseWarning,
} from './parsed-notice';
import {
  decodeBytes,
  decodeQuotedPrintable,
  extractLinks,
  htmlToText,
  looksQuotedPrintable,
  repairMojibake,
  stripHtmlWrappers,
} from './text-utils';
import { isXarf4, parseXarf02Report, parseXarf4Json } from './xarf.parser';
import { scrubInternalTracking, stripInternalTracking } from './xml-repair';

function charsetOf(att: Attachment): string | null {
  const ct = att.headers.get('content-type');
  if (typeof ct === 'object' && ct !== null && 'params' in ct) {
    const params = (ct as { params?: Record<string, string> }).params;
    return params?.charset ?? null;
  }
  return null;
}

function isXmlPart(att: Attachment, text: string): boolean {
  const type = att.contentType.toLowerCase();
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return true;
  if (/\.xml$/i.test(att.filename ?? '')) return true;
  return type === 'application/octet-stream' && /<(?:[\w.-]+:)?Infringement[\s>]/.test(text);
}

function isJsonPart(att: Attachment): boolean {
  const type = att.contentType.toLowerCase();
  return (
    type === 'application/json' || type.endsWith('+json') || /\.json$/i.test(att.filename ?? '')
  );
}

function isXarf02Part(att: Attachment, text: string): boolean {
  if (/^report\.txt$/i.test(att.filename ?? '')) return true;
  return att.contentType.toLowerCase() === 'text/plain' && /^Reported-From:/im.test(text);
}

function firstItemKey(notice: ParsedNotice): string {
  const it = notice.items[0];
  return `${it?.ip ?? ''}|${it?.observedAt?.toISOString() ?? it?.observedAtRaw ?? ''}`;
}

/** Warns when the human text names IPs and none of them is in the structured part. */
function compareWithText(notice: ParsedNotice, text: string): ParseWarning | null {
  const named = new Set<string>();
  for (const m of text.matchAll(
    /IP(?:[ _-]?Address)?[^:\n]{0,25}:[ \t]*\[?([0-9A-Fa-f:.]{3,45})/gi,
  )) {
    const ip = canonicalIp(m[1].replace(/[.:]$/, ''));
    if (ip) named.add(ip);
  }
  if (named.size === 0) return null;
  const ips = new Set(notice.items.map((i) => i.ip));
  if ([...named].some((ip) => ips.has(ip))) return null;
  return {
    code: 'text_xml_disagree',
    message: `the text names ${[...named].slice(0, 3).join(', ')} but the structured part does not`,
  };
}

// A report found somewhere in the message, before duplicates are merged.
interface FoundReport {
  where: string;
  attached: boolean;
  outcome: ParseOutcome;
  xml: string;
}

interface Walk {
  reports: FoundReport[];
  // X-ARF parts: read only when the message holds no ACNS report.
  structured: ParseOutcome[];
  warnings: ParseWarning[];
  texts: string[];
  messages: number;
}

const ESCAPED_ROOT = /&lt;(?:[\w.-]+:)?Infringement[\s&/]/i;
const RAW_ROOT = /<(?:[\w.-]+:)?Infringement[\s>/]/i;
// Forwarded evidence nests messages; a bound on the count stops a zip-bomb of forwards.
const MAX_MESSAGES = 50;

function addReports(walk: Walk, xmls: string[], where: string, attached: boolean): void {
  xmls.forEach((xml, n) => {
    walk.reports.push({
      where: xmls.length > 1 ? `${where} #${n + 1}` : where,
      attached,
      outcome: parseAcnsXml(xml, {}),
      xml,
    });
  });
}

// ACNS in an HTML part: pasted as markup (wrapper tags removed) or as escaped text (decoded).
function scanHtml(walk: Walk, html: string, where: string, attached: boolean): void {
  if (RAW_ROOT.test(html))
    addReports(walk, findAllInlineXml(stripHtmlWrappers(html)).xml, where, attached);
  else if (ESCAPED_ROOT.test(html))
    addReports(walk, findAllInlineXml(htmlToText(html)).xml, where, attached);
}

function attachmentName(att: Attachment, n: number): string {
  return `attachment ${att.filename ? `"${att.filename.slice(0, 80)}"` : n + 1} (${att.contentType})`;
}

async function walkMessage(raw: Buffer, walk: Walk, depth: number, where: string): Promise<void> {
  walk.messages += 1;
  const mail: ParsedMail = await simpleParser(raw, {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: 2_000_000,
  });
  let body = mail.text ?? '';
  const moji = repairMojibake(body);
  if (moji.repaired) {
    body = moji.text;
    walk.warnings.push({
      code: 'mojibake_repaired',
      message: 'UTF-8 text decoded as Latin-1 was repaired',
    });
  }
  // A forward that dropped Content-Transfer-Encoding leaves soft breaks and =3D in the body.
  if (looksQuotedPrintable(body)) {
    body = decodeQuotedPrintable(body);
    walk.warnings.push({
      code: 'quoted_printable_decoded',
      message: 'undecoded quoted-printable body decoded',
    });
  }
  const inline = findAllInlineXml(body);
  // Attachments first: where a report is both inline and attached, the attachment is preferred.
  const nested: Array<{ att: Attachment; name: string }> = [];
  mail.attachments.forEach((att, n) => {
    const name = `${where}${attachmentName(att, n)}`;
    if (att.contentType.toLowerCase() === 'message/rfc822') {
      nested.push({ att, name });
      return;
    }
    const text = decodeBytes(att.content, charsetOf(att));
    if (att.contentType.toLowerCase() === 'text/html') scanHtml(walk, text, name, true);
    else if (RAW_ROOT.test(text)) {
      const found = findAllInlineXml(text).xml;
      if (found.length > 0) addReports(walk, found, name, true);
      else if (isXmlPart(att, text)) addReports(walk, [text], name, true);
    } else if (ESCAPED_ROOT.test(text)) scanHtml(walk, text, name, true);
    else if (isXmlPart(att, text) && /<!\s*(?:DOCTYPE|ENTITY)/i.test(text)) {
      // A dangerous XML part refuses the message even when it names no Infringement.
      addReports(walk, [text], name, true);
    } else if (isJsonPart(att)) {
      if (isXarf4Text(text)) walk.structured.push(parseXarf4Json(text, {}));
    } else if (isXarf02Part(att, text)) walk.structured.push(parseXarf02Report(text, {}));
  });
  addReports(walk, inline.xml, `${where}body`, false);
  if (typeof mail.html === 'string') scanHtml(walk, mail.html, `${where}html part`, false);
  if (body.trim().startsWith('{') && isXarf4Text(body.trim())) {
    walk.structured.push(parseXarf4Json(body.trim(), {}));
  }
  if (mail.headers.has('x-xarf') && /^Reported-From:/im.test(body)) {
    walk.structured.push(parseXarf02Report(body, {}));
  }
  const human = stripInternalTracking(stripPgpArmour(inline.text)).trim();
  if (human !== '') walk.texts.push(human);
  for (const { att, name } of nested) {
    if (walk.messages >= MAX_MESSAGES) {
      walk.warnings.push({
        code: 'too_many_messages',
        message: `${name} not opened: more than ${MAX_MESSAGES} nested messages`,
      });
      continue;
    }
    try {
      await walkMessage(att.content, walk, depth + 1, `${name} > `);
    } catch (err) {
      const why = err instanceof Error ? err.message : 'unreadable';
      walk.warnings.push({ code: 'nested_unreadable', message: `${name}: ${why.slice(0, 120)}` });
    }
  }
}

const CASE_IN_XML = /<(?:[\w.-]+:)?ID\s*>\s*([^<\s][^<]{0,80}?)\s*<\/(?:[\w.-]+:)?ID\s*>/i;

// Two copies of one report (inline and attached, text and HTML alternatives) share a key.
function reportKey(r: FoundReport): string {
  if (r.outcome.ok) {
    const n = r.outcome.notice;
    if (n.caseId !== null) return `case:${n.caseId}`;
    return `items:${n.items.map((i) => `${i.ip}|${i.port}|${i.observedAtRaw}`).join(',')}`;
  }
  const id = CASE_IN_XML.exec(r.xml)?.[1];
  return id !== undefined ? `case:${id.trim()}` : `bad:${r.xml.replace(/\s+/g, '')}`;
}

function mergeCopies(found: FoundReport[], warnings: ParseWarning[]): FoundReport[] {
  const kept = new Map<string, FoundReport>();
  for (const r of found) {
    const key = reportKey(r);
    const first = kept.get(key);
    if (first === undefined) {
      kept.set(key, r);
      continue;
    }
    if (first.attached !== r.attached) {
      if (first.outcome.ok && r.outcome.ok) {
        warnings.push({
          code: 'both_inline_and_attached',
          message: 'XML both inline and attached; the attachment was used',
        });
        if (firstItemKey(first.outcome.notice) !== firstItemKey(r.outcome.notice)) {
          warnings.push({
            code: 'text_xml_disagree',
            message: 'inline and attached XML differ in IP or time',
          });
        }
      } else if (!first.outcome.ok && r.outcome.ok) {
        warnings.push({
          code: 'attachment_unreadable',
          message: `attached XML refused (${first.outcome.message}); inline XML used`,
        });
      }
    }
    if (!first.outcome.ok && r.outcome.ok) kept.set(key, r);
  }
  return [...kept.values()];
}

// Several reports in one message: every report becomes items of the one notice, each item
// keeping its report's case id; a report that could not be read stays as a refused item.
function combine(reports: FoundReport[], warnings: ParseWarning[]): ParsedNotice {
  const base = reports.find((r) => r.outcome.ok)?.outcome;
  const notice: ParsedNotice =
    base?.ok === true
      ? { ...base.notice, items: [], warnings: [...base.notice.warnings] }
      : {
          format: 'acns',
          caseId: null,
          complainant: { entity: null, contact: null, address: null, phone: null, email: null },
          owner: null,
          items: [],
          titles: [],
          refUrl: null,
          text: '',
          links: [],
          warnings: [],
        };
  reports.forEach((r, index) => {
    const report = { index, where: r.where };
    if (r.outcome.ok) {
      const n = r.outcome.notice;
      for (const item of n.items) notice.items.push({ ...item, caseId: n.caseId, report });
      if (n.items.length === 0) {
        notice.items.push({
          ...emptyItem(),
          caseId: n.caseId,
          report,
          readRefusal: {
            code: 'no_notice_found',
            message: `${r.where}: the report lists no Source`,
          },
        });
      }
      for (const t of n.titles) if (!notice.titles.includes(t)) notice.titles.push(t);
      for (const l of n.links) if (!notice.links.includes(l)) notice.links.push(l);
      if (r.outcome !== base) {
        for (const w of n.warnings)
          notice.warnings.push({ code: w.code, message: `${r.where}: ${w.message}` });
        if (n.repaired)
          notice.repaired = { damage: [...(notice.repaired?.damage ?? []), ...n.repaired.damage] };
      }
    } else {
      notice.items.push({
        ...emptyItem(),
        caseId: CASE_IN_XML.exec(r.xml)?.[1]?.trim() ?? null,
        report,
        readRefusal: { code: r.outcome.code, message: `${r.where}: ${r.outcome.message}` },
      });
    }
  });
  warnings.push({
    code: 'several_reports',
    message: `${reports.length} ACNS reports in one message; each is read as its own item`,
  });
  return notice;
}

function isXarf4Text(text: string): boolean {
  try {
    return isXarf4(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

/**
 * Finds and parses every structured notice in a raw RFC 822 message: ACNS XML inline (quoted,
 * marked or bare), attached under any type, in an HTML part escaped or not, in quoted-printable
 * or base64, inside forwarded message/rfc822 parts at any depth; several reports become items of
 * one notice. Falls back on X-ARF v4 JSON or an X-ARF 0.2 report.txt. `text` is the human body
 * without XML and PGP armour. Never rejects.
 */
export async function extractFromEmail(
  raw: Buffer,
  opts: ParseOptions = {},
): Promise<ParseOutcome> {
  try {
    if (!Buffer.isBuffer(raw))
      return refuse('malformed_email', 'the e-mail must be given as bytes');
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_EMAIL_BYTES;
    if (raw.length > maxBytes)
      return refuse('too_large', `the e-mail is larger than ${maxBytes} bytes`);
    const walk: Walk = { reports: [], structured: [], warnings: [], texts: [], messages: 0 };
    try {
      await walkMessage(raw, walk, 0, '');
    } catch (err) {
      const why = err instanceof Error ? err.message : 'unreadable';
      return refuse('malformed_email', `the e-mail could not be read: ${why.slice(0, 200)}`);
    }
    const text = walk.texts.join('\n\n');
    // A dangerous or oversized XML part refuses the whole message, wherever it sits.
    const fatal = walk.reports
      .map((r) => r.outcome)
      .find((o) => !o.ok && (o.code === 'xml_doctype_forbidden' || o.code === 'too_large'));
    if (fatal) return fatal;
    const warnings = [...walk.warnings];
    const reports = mergeCopies(walk.reports, warnings);
    let outcome: ParseOutcome | undefined;
    if (reports.length === 1) outcome = reports[0].outcome;
    else if (reports.length > 1) outcome = { ok: true, notice: combine(reports, warnings) };
    outcome ??= walk.structured.find((o) => o.ok) ?? walk.structured[0];
    outcome ??= readTextNotice(text);
    if (outcome === undefined) {
      return refuse(
        'no_notice_found',
        'no ACNS XML (inline, with or without Start/End ACNS XML markers, attached, in an HTML part or in a forwarded message), no X-ARF v4 JSON, no X-ARF 0.2 report.txt and no notice in plain text was found',
      );
    }
    if (!outcome.ok) return outcome;
    const notice = outcome.notice;
    const textWarning = compareWithText(notice, text);
    if (textWarning && !warnings.some((w) => w.code === textWarning.code))
      warnings.push(textWarning);
    notice.warnings.unshift(...dedupeWarnings(warnings));
    const ownText = text.trim() === '' ? notice.text : text;
    notice.text = ownText;
    notice.links = extractLinks(ownText, ...notice.links);
    caseIdFromText(notice, ownText);
    titleFromText(notice, ownText);
    return scrubInternalTracking<ParseOutcome>({ ok: true, notice });
  } catch (err) {
    const why = err instanceof Error ? err.message : 'unreadable';
    return refuse('malformed_email', `the e-mail could not be read: ${why.slice(0, 200)}`);
  }
}

function dedupeWarnings(warnings: ParseWarning[]): ParseWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
