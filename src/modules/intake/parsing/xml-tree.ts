import { XMLParser } from 'fast-xml-parser';

// Navigation over fast-xml-parser output where every element is an array (isArray below), names
// carry no namespace prefix and are compared loosely: "IP_Address", "IPAddress" and "ip-address"
// are the same key, which absorbs most non-schema spellings seen in real notices.

export type XmlNode = Record<string, unknown>;

export function normName(name: string): string {
  return name.toLowerCase().replace(/[_\-.]/g, '');
}

export function createAcnsXmlParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // DTDs are refused before parsing; this only covers the five predefined entities.
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 100_000 },
    htmlEntities: false,
    maxNestedTags: 64,
    isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  });
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Element keys of a node (attributes and text excluded). */
export function elementKeys(node: unknown): string[] {
  if (!isNode(node)) return [];
  return Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text');
}

/** All child elements whose loose name is one of `names`, in document order per name. */
export function children(node: unknown, ...names: string[]): unknown[] {
  if (!isNode(node)) return [];
  const wanted = names.map(normName);
  const out: unknown[] = [];
  for (const key of elementKeys(node)) {
    if (!wanted.includes(normName(key))) continue;
    const value = node[key];
    if (Array.isArray(value)) out.push(...(value as unknown[]));
    else out.push(value);
  }
  return out;
}

export function child(node: unknown, ...names: string[]): unknown {
  return children(node, ...names)[0];
}

/** Text content of an element (its own text, not its descendants'), trimmed; null when empty. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value)) return textOf(value['#text']);
  if (Array.isArray(value)) return textOf(value[0]);
  return null;
}

export function childText(node: unknown, ...names: string[]): string | null {
  return textOf(child(node, ...names));
}

export function attrOf(value: unknown, name: string): string | null {
  if (!isNode(value)) return null;
  const want = normName(name);
  for (const key of Object.keys(value)) {
    if (key.startsWith('@_') && normName(key.slice(2)) === want) {
      return textOf(value[key]);
    }
  }
  return null;
}

/** Every text and attribute value below a node, for link harvesting. */
export function allStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out, depth + 1);
  else if (isNode(value)) for (const v of Object.values(value)) allStrings(v, out, depth + 1);
  return out;
}
