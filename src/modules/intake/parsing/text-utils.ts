// Small text helpers shared by the ACNS, X-ARF and e-mail paths.

const URL_RE = /\bhttps?:\/\/[^\s<>"'`\\{}|^]+/gi;

/** Every http(s) URL in the text, trailing punctuation trimmed, de-duplicated in order. */
export function extractLinks(...texts: string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(URL_RE)) {
      let url = m[0].replace(/[.,;:!?)\]>]+$/, '');
      // Keep a closing parenthesis when it balances one inside the URL (Wikipedia-style links).
      if (m[0].length > url.length && url.includes('(') && !url.includes(')')) url += ')';
      if (url.length > 8) seen.add(url);
    }
  }
  return [...seen];
}

// Windows-1252 characters standing for bytes 0x80-0x9F when UTF-8 was decoded as cp1252.
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
  '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93,
  '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}; // prettier-ignore

const CONT = `[\\u0080-\\u00BF${Object.keys(CP1252).join('')}]`;
const MOJIBAKE_RE = new RegExp(
  `[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`,
  'g',
);

function byteOf(ch: string): number {
  return CP1252[ch] ?? ch.charCodeAt(0);
}

/**
 * Repairs UTF-8 that was decoded as Latin-1/cp1252 ("CafÃ©" -> "Café"). Each suspicious run is
 * re-decoded as strict UTF-8 and kept only when that succeeds, so genuine Latin-1 text survives.
 */
export function repairMojibake(text: string): { text: string; repaired: boolean } {
  let repaired = false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out = text.replace(MOJIBAKE_RE, (run) => {
    try {
      const decoded = decoder.decode(Uint8Array.from([...run].map(byteOf)));
      repaired = true;
      return decoded;
    } catch {
      return run;
    }
  });
  return { text: out, repaired };
}

/** Decodes quoted-printable left undecoded in a body (e.g. a forward that lost its header). */
export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const raw = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    const hex = ch === '=' ? /^[0-9A-Fa-f]{2}$/.exec(raw.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function looksQuotedPrintable(text: string): boolean {
  return /=\r?\n/.test(text) && /=[0-9A-F]{2}/.test(text);
}

/** Trimmed text or null when empty. */
export function nonEmpty(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * Bytes to text: BOM first, then the declared charset (MIME parameter or XML declaration), else
 * UTF-8. Invalid UTF-8 falls back to windows-1252 so a mislabelled Latin-1 notice still reads.
 */
export function decodeBytes(bytes: Buffer, charsetHint?: string | null): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const label = (charsetHint ?? declared ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(label, { fatal: label === 'utf-8' || label === 'utf8' }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const HTML_ENTITIES: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ',
}; // prettier-ignore

/**
 * The text of an HTML part as a reader sees it: tags dropped (block ends become line breaks),
 * entities decoded once. An ACNS report pasted as escaped text (`&lt;Infringement&gt;`) comes
 * out as XML; `&amp;lt;` stays `&lt;`, so values keep their own escaping.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|pre|tr|li|h\d|blockquote)\s*>/gi, '\n')
    .replace(/<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->/g, '')
    .replace(
      /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi,
      (ref, dec?: string, hex?: string, name?: string) => {
        if (name !== undefined) return HTML_ENTITIES[name.toLowerCase()] ?? ref;
        const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? '', 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ref;
      },
    );
}

// HTML elements a mail client wraps pasted XML in; ACNS never uses these names.
const HTML_TAGS =
  /<\/?(?:html|head|body|div|span|p|br|pre|font|b|i|u|em|strong|code|tt|blockquote|table|tbody|tr|td|a|o:p)\b[^<>]*>/gi;

/** HTML with ACNS pasted unescaped: the HTML wrapper tags removed, the XML kept as it is. */
export function stripHtmlWrappers(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|pre|tr)\s*>/gi, '\n')
    .replace(HTML_TAGS, '')
    .replace(/&nbsp;/gi, ' ');
}
