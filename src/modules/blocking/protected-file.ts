import { parseTargetValue } from './target-values';
import { ProtectedEntry } from './protected-index';

export interface ProtectedFileProblem {
  line: number;
  message: string;
}

// The protected-list file format (documented in docs/blocking.md): one entry a line,
//   fqdn lawful-iptv.example registrar="Example Registrar"   # a note
//   cidr 104.16.0.0/13 asn=13335                              # Cloudflare
//   asn 13335                                                 # Cloudflare
// or a bare value whose kind is recognised: an address or CIDR (a CDN's published ranges file,
// one range a line, loads as is), `AS13335`, or a domain name. `#` starts a comment, which
// becomes the entry's note. `defaults.asn` tags bare ranges with the CDN's AS number.
export function parseProtectedFile(
  text: string,
  defaults: { asn?: string; note?: string } = {},
): { entries: ProtectedEntry[]; problems: ProtectedFileProblem[] } {
  const entries: ProtectedEntry[] = [];
  const problems: ProtectedFileProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf('#');
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    if (!body) return;
    const parsed = parseLine(body, comment || defaults.note || '', defaults.asn);
    if ('error' in parsed) {
      problems.push({ line, message: parsed.error });
      return;
    }
    const key = `${parsed.kind} ${parsed.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(parsed);
  });
  return { entries, problems };
}

export function parseProtectedEntry(
  kind: string | undefined,
  value: string,
  opts: { asn?: string | null; note?: string },
): ProtectedEntry | { error: string } {
  const note = opts.note ?? '';
  if (kind === 'asn' || (!kind && /^AS\d+$/i.test(value))) {
    const n = value.replace(/^AS/i, '');
    if (!/^\d{1,10}$/.test(n) || Number(n) > 4294967295)
      return { error: `"${value}" is not an AS number` };
    return { kind: 'asn', value: String(Number(n)), asn: null, note };
  }
  const parsed = parseTargetValue(value);
  if ('error' in parsed) return parsed;
  if (kind === 'fqdn' && parsed.kind !== 'fqdn')
    return { error: `"${value}" is not a domain name` };
  if (kind === 'cidr' && parsed.kind === 'fqdn')
    return { error: `"${value}" is not an address range` };
  if (kind && !['fqdn', 'cidr'].includes(kind))
    return { error: `unknown kind "${kind}" (fqdn, cidr or asn)` };
  if (parsed.kind === 'fqdn') return { kind: 'fqdn', value: parsed.value, asn: null, note };
  const asn = opts.asn ?? null;
  if (asn !== null && !/^\d{1,10}$/.test(asn)) return { error: `asn=${asn} is not an AS number` };
  // A single address is stored as its /32 or /128 range.
  const cidr =
    parsed.kind === 'ip' ? `${parsed.value}/${parsed.family === 4 ? 32 : 128}` : parsed.value;
  return { kind: 'cidr', value: cidr, asn, note };
}

function parseLine(
  body: string,
  note: string,
  defaultAsn?: string,
): ProtectedEntry | { error: string } {
  const words = body.split(/\s+/);
  let kind: string | undefined;
  if (['fqdn', 'cidr', 'asn'].includes(words[0].toLowerCase())) kind = words.shift()!.toLowerCase();
  else if (words[0].includes('=')) return { error: `expected a value before "${words[0]}"` };
  const value = words.shift();
  if (!value) return { error: `${kind} needs a value` };
  let asn: string | null = defaultAsn ?? null;
  let registrar = '';
  for (const opt of body.slice(body.indexOf(value) + value.length).match(/\S+="[^"]*"|\S+/g) ??
    []) {
    const m = /^(asn|registrar)=(?:"([^"]*)"|(\S+))$/i.exec(opt);
    if (!m) return { error: `unknown option "${opt}" (asn=N, registrar="…")` };
    if (m[1].toLowerCase() === 'asn') asn = (m[2] ?? m[3]).replace(/^AS/i, '');
    else registrar = m[2] ?? m[3];
  }
  const fullNote = registrar ? `${note}${note ? '; ' : ''}registrar: ${registrar}` : note;
  return parseProtectedEntry(kind, value, { asn, note: fullNote });
}
