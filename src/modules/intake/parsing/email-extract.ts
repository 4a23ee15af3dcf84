import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { parseAcnsXml } from './acns-xml.parser';
import { canonicalIp } from './field-values';
import { findInlineXml, stripPgpArmour } from './inline-xml';
import {
  DEFAULT_MAX_EMAIL_BYTES,
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
  looksQuotedPrintable,
  repairMojibake,
} from './text-utils';
import { isXarf4, parseXarf02Report, parseXarf4Json } from './xarf.parser';
import { scrubInternalTracking, stripInternalTracking } from './xml-repair';

const MAX_NESTING = 3;

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

interface Found {
  outcome: ParseOutcome;
  text: string;
}

async function extract(raw: Buffer, opts: ParseOptions, depth: number): Promise<Found> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipHtmlToText: false,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : 'unreadable';
    return {
      outcome: refuse('malformed_email', `the e-mail could not be read: ${why.slice(0, 200)}`),
      text: '',
    };
  }
  const warnings: ParseWarning[] = [];
  let body = mail.text ?? '';
  const moji = repairMojibake(body);
  if (moji.repaired) {
    body = moji.text;
    warnings.push({
      code: 'mojibake_repaired',
      message: 'UTF-8 text decoded as Latin-1 was repaired',
    });
  }

  const xmlParts: ParseOutcome[] = [];
  const jsonParts: ParseOutcome[] = [];
  const reportParts: ParseOutcome[] = [];
  const nested: Attachment[] = [];
  for (const att of mail.attachments) {
    if (att.contentType.toLowerCase() === 'message/rfc822') {
      nested.push(att);
      continue;
    }
    const text = decodeBytes(att.content, charsetOf(att));
    if (isXmlPart(att, text)) xmlParts.push(parseAcnsXml(text, opts));
    else if (isJsonPart(att)) {
      if (isXarf4Text(text)) jsonParts.push(parseXarf4Json(text, opts));
    } else if (isXarf02Part(att, text)) reportParts.push(parseXarf02Report(text, opts));
  }

  // A forward that dropped Content-Transfer-Encoding leaves soft breaks and =3D in the body.
  if (looksQuotedPrintable(body)) {
    body = decodeQuotedPrintable(body);
    warnings.push({
      code: 'quoted_printable_decoded',
      message: 'undecoded quoted-printable body decoded',
    });
  }
  const inline = findInlineXml(body);
  const inlineOutcome = inline === null ? null : parseAcnsXml(inline.xml, opts);
  const humanText = stripInternalTracking(stripPgpArmour(inline === null ? body : inline.text));

  // A dangerous or oversized XML part refuses the whole message, wherever it sits.
  const all = inlineOutcome ? [...xmlParts, inlineOutcome] : xmlParts;
  const fatal = all.find(
    (o) => !o.ok && (o.code === 'xml_doctype_forbidden' || o.code === 'too_large'),
  );
  if (fatal) return { outcome: fatal, text: humanText };

  const attached = xmlParts.find((o) => o.ok) ?? xmlParts[0];
  let chosen: ParseOutcome | undefined = attached;
  if (attached && inlineOutcome) {
    if (attached.ok && inlineOutcome.ok) {
      warnings.push({
        code: 'both_inline_and_attached',
        message: 'XML both inline and attached; the attachment was used',
      });
      if (firstItemKey(attached.notice) !== firstItemKey(inlineOutcome.notice)) {
        warnings.push({
          code: 'text_xml_disagree',
          message: 'inline and attached XML differ in IP or time',
        });
      }
    } else if (!attached.ok && inlineOutcome.ok) {
      warnings.push({
        code: 'attachment_unreadable',
        message: `attached XML refused (${attached.message}); inline XML used`,
      });
      chosen = inlineOutcome;
    }
  }
  chosen ??= inlineOutcome ?? jsonParts.find((o) => o.ok) ?? jsonParts[0];
  if (chosen === undefined && body.trim().startsWith('{') && isXarf4Text(body)) {
    chosen = parseXarf4Json(body.trim(), opts);
  }
  chosen ??= reportParts.find((o) => o.ok) ?? reportParts[0];
  if (chosen === undefined && mail.headers.has('x-xarf') && /^Reported-From:/im.test(body)) {
    chosen = parseXarf02Report(body, opts);
  }
  if (chosen === undefined && depth < MAX_NESTING) {
    for (const att of nested) {
      const inner = await extract(att.content, opts, depth + 1);
      if (inner.outcome.ok) {
        const outer = humanText.trim();
        return {
          outcome: inner.outcome,
          text: outer === '' ? inner.text : `${outer}\n\n${inner.text}`,
        };
      }
      chosen ??= inner.outcome;
    }
  }
  if (chosen === undefined) {
    return {
      outcome: refuse(
        'no_notice_found',
        'no ACNS XML (inline, with or without Start/End ACNS XML markers, or as an application/xml or text/xml attachment), no X-ARF v4 JSON and no X-ARF 0.2 report.txt was found',
      ),
      text: humanText,
    };
  }
  if (chosen.ok) {
    const textWarning = compareWithText(chosen.notice, humanText);
    if (textWarning && !warnings.some((w) => w.code === textWarning.code))
      warnings.push(textWarning);
    chosen.notice.warnings.unshift(...warnings);
  }
  return { outcome: chosen, text: humanText };
}

function isXarf4Text(text: string): boolean {
  try {
    return isXarf4(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

/**
 * Finds and parses the structured notice in a raw RFC 822 message: ACNS XML inline or attached
 * (attachment preferred), X-ARF v4 JSON, X-ARF 0.2 report.txt, or any of these inside a forwarded
 * message/rfc822 part. `text` is the human body without XML and PGP armour. Never rejects.
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
    // The XML cap stays at its default inside an e-mail; opts.maxBytes caps the message.
    const { outcome, text } = await extract(raw, {}, 0);
    if (!outcome.ok) return outcome;
    const notice = outcome.notice;
    const ownText = text.trim() === '' ? notice.text : text;
    notice.text = ownText;
    notice.links = extractLinks(ownText, ...notice.links);
    return scrubInternalTracking<ParseOutcome>({ ok: true, notice });
  } catch (err) {
    const why = err instanceof Error ? err.message : 'unreadable';
    return refuse('malformed_email', `the e-mail could not be read: ${why.slice(0, 200)}`);
  }
}
