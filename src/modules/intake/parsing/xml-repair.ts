// Text-level defences and repairs applied before the XML parser sees a notice.

/** Any DTD construct. Refused outright: it is how XXE and entity expansion ("billion laughs") start. */
export function hasForbiddenDeclaration(xml: string): boolean {
  return /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i.test(xml);
}

// Markup brackets as written or escaped: a notice quoting ours (or TextNotice HTML) may carry the
// element as `&lt;InternalTracking&gt;`, which decodes to the same text.
const LT = String.raw`(?:<|&lt;|&#0*60;|&#x0*3c;)`;
const GT = String.raw`(?:>|&gt;|&#0*62;|&#x0*3e;)`;
// Any local name starting InternalTracking (InternalTrackingId...) counts: ISP-internal by name.
const IT_NAME = String.raw`(?:[\w.-]+:)?InternalTracking[\w.-]*`;
const IT_TAG = new RegExp(
  String.raw`${LT}(\/?)${IT_NAME}(?:\s[^<>]*?)?(\/?)${GT}|${LT}${IT_NAME}[^<>]*$`,
  'gi',
);

/**
 * Removes ISP-internal InternalTracking elements with everything inside them, nested ones
 * included, written as markup or escaped. An unclosed one (truncated notice) is cut to the end,
 * leaving the truncation repair to close what came before it.
 */
export function stripInternalTracking(xml: string): string {
  if (!/InternalTracking/i.test(xml)) return xml;
  let out = '';
  let depth = 0;
  let keepFrom = 0;
  IT_TAG.lastIndex = 0;
  for (let m = IT_TAG.exec(xml); m !== null; m = IT_TAG.exec(xml)) {
    const isClose = m[1] === '/';
    const selfClosing = m[2] === '/';
    const complete = m[1] !== undefined;
    if (depth === 0) out += xml.slice(keepFrom, m.index);
    if (!complete)
      depth = 1; // an open tag cut off by the end of the text
    else if (isClose) depth = Math.max(0, depth - 1);
    else if (!selfClosing) depth++;
    keepFrom = m.index + m[0].length;
  }
  return depth === 0 ? out + xml.slice(keepFrom) : out;
}

/**
 * Last line of defence for the output: strips InternalTracking markup from every string in a
 * parse result (values decode `&lt;` to `<`, so a text field can hold it after parsing).
 */
export function scrubInternalTracking<T>(value: T): T {
  return scrub(value, 0) as T;
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return stripInternalTracking(value);
  if (depth > 16 || value === null || typeof value !== 'object' || value instanceof Date) {
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

const VALID_ENTITY = /&(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/y;

/** Escapes `&` that does not start one of the five XML entities or a character reference. */
export function escapeStrayAmpersands(xml: string): { xml: string; count: number } {
  let count = 0;
  let out = '';
  let last = 0;
  for (let i = xml.indexOf('&'); i !== -1; i = xml.indexOf('&', i + 1)) {
    VALID_ENTITY.lastIndex = i;
    if (VALID_ENTITY.test(xml)) continue;
    out += xml.slice(last, i) + '&amp;';
    last = i + 1;
    count++;
  }
  return { xml: count === 0 ? xml : out + xml.slice(last), count };
}

const MARKUP_REFS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Resolves numeric character references ourselves (the parser leaves them as text); characters
 * that are markup become the predefined entity so the document keeps its structure.
 */
export function resolveCharRefs(xml: string): string {
  return xml.replace(
    /&#(?:(\d{1,7})|x([0-9a-fA-F]{1,6}));/g,
    (_ref, dec?: string, hex?: string) => {
      const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? '', 16);
      const valid =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0x10ffff && code !== 0xfffe && code !== 0xffff);
      if (!valid) return '\uFFFD';
      const ch = String.fromCodePoint(code);
      return MARKUP_REFS[ch] ?? ch;
    },
  );
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^<>]*?)?(\/?)>/g;

export interface TruncationRepair {
  xml: string;
  closed: string[];
}

/**
 * Closes elements left open at the end of a truncated document. Text after the last complete tag
 * is dropped (a half-written value is worse than none). Returns null when nothing is open or the
 * damage is not at the end (a mismatched close tag).
 */
export function closeTruncatedXml(xml: string): TruncationRepair | null {
  const stack: string[] = [];
  let end = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    end = m.index + m[0].length;
    const name = m[2];
    if (name === undefined) continue;
    if (m[1] === '/') {
      if (stack.pop() !== name) return null;
    } else if (m[3] !== '/') {
      stack.push(name);
    }
  }
  if (stack.length === 0) return null;
  const closed = [...stack].reverse();
  return { xml: xml.slice(0, end) + closed.map((n) => `</${n}>`).join(''), closed };
}
