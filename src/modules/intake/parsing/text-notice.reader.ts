import { noticeIdInText } from './case-id';
import { applyAddress, applyTimestamp, canonicalIp } from './field-values';
import { emptyItem, type ParsedItem, type ParseOutcome, type ParseWarning } from './parsed-notice';
import { extractLinks } from './text-utils';

// Notices some vendors send without any XML, and forwards that stripped the tags: labelled lines
// ("IP Address: 203.0.113.7") or one sentence per observation. Items read here are marked
// `readFromText` with the lines they came from; intake holds them for a desk confirmation.

type Field =
  | 'ip'
  | 'port'
  | 'time'
  | 'protocol'
  | 'title'
  | 'fileName'
  | 'hash'
  | 'claimant'
  | 'client'
  | 'email'
  | 'address';

// Label spellings per field; the value follows ":" or "=" on the same line.
const LABELS: Array<{ field: Field; re: RegExp }> = [
  { field: 'ip', re: /^(?:infringer'?s?\s+|source\s+|infringing\s+)?ip(?:[\s_-]?address)?(?:\s+address)?$/i },
  { field: 'port', re: /^(?:source\s+|infringer'?s?\s+)?port(?:\s+number)?$/i },
  {
    field: 'time',
    re: /^(?:(?:initial\s+|first\s+|last\s+)?(?:infringement\s+)?(?:time\s?stamp|date\s*(?:and|&|\/)\s*time|date\/time|time\s+of\s+infringement|time|date)(?:\s*\(.*\))?|observed(?:\s+at)?|seen\s+at)$/i,
  },
  { field: 'protocol', re: /^(?:protocol|p2p\s+(?:network|protocol)|network|infringement\s+type|type)$/i },
  { field: 'title', re: /^(?:title|work|infringed\s+work|infringing\s+work|copyrighted\s+work|content(?:\s+title)?)$/i },
  { field: 'fileName', re: /^(?:file\s?name|infringing\s+file(?:\s?name)?|file)$/i },
  { field: 'hash', re: /^(?:(?:info)?\s?hash(?:\s+value)?|infohash|file\s+hash)$/i },
  { field: 'claimant', re: /^(?:claimant|complainant|rights?\s?(?:holder|owner)|copyright\s+(?:owner|holder)|owner)$/i },
  { field: 'client', re: /^(?:client|application|p2p\s+client|software)$/i },
  { field: 'email', re: /^(?:(?:contact\s+|claimant\s+|reply\s+)?e-?mail(?:\s+address)?)$/i },
  { field: 'address', re: /^(?:(?:claimant|postal|mailing)\s+address)$/i },
]; // prettier-ignore

const LINE = /^[ \t>]*([A-Za-z][A-Za-z0-9 '/&()_.-]{0,48}?)[ \t]*[:=][ \t]*(\S.*?)[ \t]*$/;

interface Block {
  values: Partial<Record<Field, string>>;
  lines: string[];
}

function labelOf(label: string): Field | null {
  const clean = label.trim().replace(/\s+/g, ' ');
  return LABELS.find((l) => l.re.test(clean))?.field ?? null;
}

// Labelled lines; a second IP line starts the next observation.
interface Contact {
  claimant?: string;
  email?: string;
  address?: string;
}

function readLabelled(lines: string[]): { blocks: Block[]; contact: Contact } {
  const blocks: Block[] = [];
  const contact: Contact = {};
  let current: Block | null = null;
  let shared: Block = { values: {}, lines: [] };
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m) continue;
    const field = labelOf(m[1]);
    if (field === null) continue;
    const value = m[2].replace(/^["“]|["”]$/g, '').trim();
    if (field === 'claimant' || field === 'email' || field === 'address') {
      contact[field] ??= value;
      continue;
    }
    if (field === 'ip') {
      if (canonicalIp(value.split(/[\s,;]/)[0]) === null) continue;
      if (current !== null) blocks.push(current);
      current = { values: { ...shared.values, ip: value }, lines: [...shared.lines, line.trim()] };
      continue;
    }
    const target = current ?? shared;
    if (current !== null && current.values[field] !== undefined) {
      // The field repeats before the next IP line: it belongs to the shared header of the next.
      shared = { values: { [field]: value }, lines: [line.trim()] };
      continue;
    }
    target.values[field] = value;
    target.lines.push(line.trim());
  }
  if (current !== null) blocks.push(current);
  return { blocks, contact };
}

const IP_IN_SENTENCE =
  /\b(?:IP(?:[\s-]?address)?|address)\s+(?:of\s+)?\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})\]?/i;
const PORT_IN_SENTENCE = /\bport\s+(?:number\s+)?(\d{1,5})\b/i;
const TIME_IN_SENTENCE =
  /\b(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\s*(?:Z\b|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5}\b))?|\d{1,2}\/\d{1,2}\/\d{4},?\s+\d{1,2}:\d{2}:\d{2}(?:\s*[AP]\.?M\.?)?(?:\s*(?:UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5}\b))?)/;
const PROTOCOL_IN_SENTENCE =
  /\b(BitTorrent|eDonkey|ed2k|eMule|Gnutella|Ares|uTorrent|qBittorrent|Transmission|Vuze|Deluge|DirectConnect|peer-to-peer|P2P)\b/i;
const QUOTED_AFTER = (word: string) =>
  new RegExp(`\\b${word}\\s+(?:named\\s+|titled\\s+|called\\s+)?["“]([^"”\\n]{1,300})["”]`, 'i');

// One sentence per observation: "On 2026-10-04 21:13:07 UTC the IP address 203.0.113.47, port
// 51413, shared the file "X.mkv" of the work "Title" over BitTorrent."
function readSentences(text: string): Block[] {
  const sentences = text
    .replace(/\r\n?/g, '\n')
    .split(/(?<=[.!?])\s+(?=[A-Z])|\n\s*\n/)
    .map((s) =>
      s
        .replace(/^[ \t>]+/gm, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  const blocks: Block[] = [];
  for (const sentence of sentences) {
    const ip = IP_IN_SENTENCE.exec(sentence)?.[1];
    const time = TIME_IN_SENTENCE.exec(sentence)?.[1];
    if (ip === undefined || canonicalIp(ip) === null || time === undefined) continue;
    const values: Block['values'] = { ip, time };
    const port = PORT_IN_SENTENCE.exec(sentence)?.[1];
    if (port) values.port = port;
    const protocol = PROTOCOL_IN_SENTENCE.exec(sentence)?.[1];
    if (protocol) values.protocol = protocol;
    const file = QUOTED_AFTER('file').exec(sentence)?.[1];
    if (file) values.fileName = file;
    const title = QUOTED_AFTER('(?:work|title|film|movie|episode|album|song|game)').exec(
      sentence,
    )?.[1];
    if (title) values.title = title;
    blocks.push({ values, lines: [sentence.slice(0, 500)] });
  }
  return blocks;
}

const ON_BEHALF =
  /\b[Oo]n behalf of\s+(?:the\s+copyright\s+owner,?\s+)?([A-Z][^,.;:\n()]{2,80}?)(?:\s*\(|[,.;:\n]|\s+(?:and|which|who)\b)/;

function toItem(block: Block, warnings: ParseWarning[]): ParsedItem {
  const item = emptyItem();
  const v = block.values;
  applyAddress(item, v.ip?.split(/[\s,;]/)[0] ?? null, v.port ?? null, warnings);
  applyTimestamp(item, v.time ?? null, warnings);
  item.protocol = v.protocol ?? null;
  item.application = v.client ?? null;
  item.title = v.title ?? null;
  item.fileName = v.fileName ?? null;
  const hash = v.hash?.replace(/^(?:sha-?1|btih|urn:btih)\s*[:=]?\s*/i, '') ?? null;
  item.hash = hash;
  item.hashType = hash !== null && /^[0-9a-f]{40}$/i.test(hash) ? 'SHA1' : null;
  item.readFromText = { lines: block.lines };
  return item;
}

/**
 * Reads a notice written in plain text. Undefined when the text states no IP address with a
 * time (it is then not a notice this reader understands). Never throws.
 */
export function readTextNotice(text: string): ParseOutcome | undefined {
  const body = text.slice(0, 200_000);
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const labelled = readLabelled(lines);
  const usable = (b: Block) => b.values.ip !== undefined && b.values.time !== undefined;
  let blocks = labelled.blocks.filter(usable);
  if (blocks.length === 0) blocks = readSentences(body);
  if (blocks.length === 0) return undefined;
  const warnings: ParseWarning[] = [
    {
      code: 'read_from_text',
      message: 'no structured notice: read from the text; held for a desk confirmation',
    },
  ];
  const items = blocks.slice(0, 1000).map((b) => toItem(b, warnings));
  const owner = labelled.contact.claimant ?? ON_BEHALF.exec(body)?.[1]?.trim() ?? null;
  const titles = [...new Set(items.map((i) => i.title).filter((t): t is string => t !== null))];
  return {
    ok: true,
    notice: {
      format: 'text',
      caseId: noticeIdInText(body),
      complainant: {
        entity: owner,
        contact: null,
        address: labelled.contact.address ?? null,
        phone: null,
        email: labelled.contact.email ?? null,
      },
      owner,
      items,
      titles,
      refUrl: null,
      text: body,
      links: extractLinks(body),
      warnings,
    },
  };
}
