// Finds ACNS XML pasted into a text body: between marker lines or bare, possibly dash-escaped by
// PGP clear-signing, quoted with ">" or indented by a forward.

export interface InlineXml {
  xml: string;
  /** The body with the XML block (and its markers) removed. */
  text: string;
}

const START_MARKER = /^([ \t>]*)(?:-[ \t])*-*[ \t]*Start[ \t]+ACNS[ \t]+XML\b/i;
const END_MARKER = /^(?:-[ \t])*-*[ \t]*End[ \t]+ACNS[ \t]+XML\b/i;
const XML_START = /<\?xml\b|<(?:[\w.-]+:)?Infringement(?=[\s/>])/i;
const ROOT_START = /<(?:[\w.-]+:)?Infringement(?=[\s/>])/i;
const ROOT_END = /<\/(?:[\w.-]+:)?Infringement\s*>/i;
const PGP_SIG = /^-----BEGIN PGP SIGNATURE-----/;
const XML_DECL_LINE = /^\s*<\?xml\b[^>]*\?>\s*$/i;
const MAX_REPORTS = 200;

/** Undoes OpenPGP dash-escaping ("- " before a line starting with "-"), nested or not. */
export function undoDashEscape(line: string): string {
  return line.replace(/^(?:- )+(?=-)/, '');
}

function unquoter(prefix: string): (line: string) => string {
  const depth = (prefix.match(/>/g) ?? []).length;
  if (depth > 0) {
    const re = new RegExp(`^(?:[ \\t]*>){${depth}} ?`);
    return (line) => line.replace(re, '');
  }
  const indent = prefix.length;
  if (indent === 0) return (line) => line;
  const re = new RegExp(`^[ \\t]{0,${indent}}`);
  return (line) => line.replace(re, '');
}

function findAnchor(lines: string[]): { index: number; marker: boolean; prefix: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const m = START_MARKER.exec(lines[i]);
    if (m) return { index: i, marker: true, prefix: m[1] };
  }
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].search(XML_START);
    if (at === -1) continue;
    // An XML declaration counts only when an Infringement root follows it.
    const ahead = lines.slice(i, i + 40).join('\n');
    if (!ROOT_START.test(ahead)) continue;
    const prefix = /^[ \t>]*/.exec(lines[i])?.[0] ?? '';
    return { index: i, marker: false, prefix: prefix.length <= at ? prefix : '' };
  }
  return null;
}

export function findInlineXml(body: string): InlineXml | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const anchor = findAnchor(lines);
  if (anchor === null) return null;
  const unquote = unquoter(anchor.prefix);
  const rest = lines.slice(anchor.index).map((l) => undoDashEscape(unquote(l)));
  const before = lines.slice(0, anchor.index);
  let block: string[];
  let after: string[];
  let lead = '';
  if (anchor.marker) {
    let end = rest.findIndex((l, i) => i > 0 && END_MARKER.test(l.trim()));
    // A report without its end marker stops where the next one starts.
    const next = rest.findIndex((l, i) => i > 0 && START_MARKER.test(l));
    if (next !== -1 && (end === -1 || next < end)) end = next;
    if (end === -1) end = rest.findIndex((l) => PGP_SIG.test(l));
    if (end === -1) end = rest.length;
    block = rest.slice(1, end);
    after = rest.slice(END_MARKER.test(rest[end]?.trim() ?? '') ? end + 1 : end);
  } else {
    const first = rest[0];
    const at = first.search(XML_START);
    lead = first.slice(0, at);
    rest[0] = first.slice(at);
    let end = rest.findIndex((l) => ROOT_END.test(l));
    // A truncated report ends where the next report begins.
    const root = rest.findIndex((l) => ROOT_START.test(l));
    const next = rest.findIndex((l, i) => i > root && ROOT_START.test(l));
    let tail = '';
    if (next !== -1 && (end === -1 || next < end)) {
      end = XML_DECL_LINE.test(rest[next - 1] ?? '') ? next - 2 : next - 1;
    } else if (end === -1) {
      end = rest.findIndex((l) => PGP_SIG.test(l));
      end = end === -1 ? rest.length - 1 : end - 1;
    } else {
      const m = ROOT_END.exec(rest[end]);
      const cut = m ? m.index + m[0].length : rest[end].length;
      tail = rest[end].slice(cut);
      rest[end] = rest[end].slice(0, cut);
    }
    block = rest.slice(0, end + 1);
    after = tail.trim() === '' ? rest.slice(end + 1) : [tail, ...rest.slice(end + 1)];
  }
  const xml = block.join('\n').trim();
  if (!ROOT_START.test(xml)) return null;
  const textLines = lead.trim() === '' ? [...before, ...after] : [...before, lead, ...after];
  return { xml, text: textLines.join('\n') };
}

/**
 * Every ACNS report pasted into a body, in order: one mail may carry several complete reports
 * (one per infringement), each between its own markers or bare.
 */
export function findAllInlineXml(body: string): { xml: string[]; text: string } {
  const xml: string[] = [];
  let text = body;
  for (let found = findInlineXml(text); found !== null; found = findInlineXml(text)) {
    xml.push(found.xml);
    text = found.text;
    if (xml.length >= MAX_REPORTS) break;
  }
  return { xml, text };
}

/** Removes OpenPGP clear-sign armour and dash-escaping from a human-readable body. */
export function stripPgpArmour(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let inHeader = false;
  let inSignature = false;
  for (const raw of lines) {
    const line = undoDashEscape(raw);
    // Nested signing leaves inner armour dash-escaped: compare without escapes and quoting.
    const bare = undoDashEscape(raw.replace(/^[ \t>]*/, ''));
    if (/^-----BEGIN PGP SIGNED MESSAGE-----/.test(bare)) {
      inHeader = true;
      continue;
    }
    if (inHeader) {
      if (bare.trim() === '') inHeader = false;
      continue;
    }
    if (PGP_SIG.test(bare)) {
      inSignature = true;
      continue;
    }
    if (inSignature) {
      if (/^-----END PGP SIGNATURE-----/.test(bare)) inSignature = false;
      continue;
    }
    out.push(line);
  }
  return out.join('\n').trim();
}
