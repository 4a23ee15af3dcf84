import { XMLValidator } from 'fast-xml-parser';
import { caseIdFromText } from './case-id';
import { applyAddress, applyTimestamp, parseCount } from './field-values';
import { parseFileSize } from './file-size';
import {
  DEFAULT_MAX_XML_BYTES,
  emptyItem,
  refuse,
  type ParsedItem,
  type ParsedNotice,
  type ParseOptions,
  type ParseOutcome,
  type ParseWarning,
} from './parsed-notice';
import { extractLinks, nonEmpty, repairMojibake } from './text-utils';
import {
  allStrings,
  attrOf,
  child,
  children,
  childText,
  createAcnsXmlParser,
  elementKeys,
  isNode,
  normName,
  textOf,
  type XmlNode,
} from './xml-tree';
import {
  closeTruncatedXml,
  escapeStrayAmpersands,
  hasForbiddenDeclaration,
  resolveCharRefs,
  scrubInternalTracking,
  stripInternalTracking,
} from './xml-repair';

const NAMESPACES: Record<string, string> = {
  'www.movielabs.com/acns': '1.0-1.1',
  'www.acns.net/acns': '1.2-1.3',
};

// Schema spellings per container, then accepted non-schema spellings (loose form, see xml-tree).
const KNOWN: Record<string, string[]> = {
  infringement: [
    'Case', 'Complainant', 'Service_Provider', 'Source', 'Content', 'History', 'Notes',
    'Verification', 'TextNotice', 'Signature',
  ],
  case: ['ID', 'Ref_URL', 'Status', 'Severity'],
  complainant: ['Entity', 'Contact', 'Address', 'Phone', 'Email'],
  source: [
    'TimeStamp', 'IP_Address', 'Port', 'Type', 'SubType', 'UserName', 'Login', 'Deja_Vu',
    'Number_Files', 'Peer_ID', 'DNS_Name', 'MAC_Address', 'URL_Base',
  ],
  item: ['TimeStamp', 'Title', 'FileName', 'FileSize', 'Hash', 'URL', 'Type', 'Speed'],
}; // prettier-ignore

const ALIASES: Record<string, string[]> = {
  ipaddress: ['ip', 'ipaddr', 'sourceip', 'address'],
  timestamp: ['time', 'datetime', 'date'],
  filesize: ['size'],
  filename: ['file'],
  numberfiles: ['numfiles', 'numberoffiles'],
  peerid: ['peer'],
};

function names(canonical: string): string[] {
  return [canonical, ...(ALIASES[canonical] ?? [])];
}

/** Collects element names that are not the schema's spelling, saying how each was read. */
function checkNames(node: unknown, container: string, path: string, found: string[]): void {
  const known = KNOWN[container] ?? [];
  for (const key of elementKeys(node)) {
    const n = normName(key);
    const spelled = known.find((k) => normName(k) === n);
    if (spelled === key) continue;
    const alias = Object.keys(ALIASES).find((c) => ALIASES[c].includes(n));
    const target = spelled ?? (alias ? known.find((k) => normName(k) === alias) : undefined);
    found.push(target ? `${path}/${key} (read as ${target})` : `${path}/${key}`);
  }
}

interface ContentFields {
  timestamp: string | null;
  title: string | null;
  fileName: string | null;
  fileSizeBytes: number | null;
  hash: string | null;
  hashType: string | null;
  url: string | null;
}

function readContentItem(node: unknown, warnings: ParseWarning[]): ContentFields {
  const rawSize = childText(node, ...names('filesize'));
  const size = parseFileSize(rawSize);
  for (const w of size.warnings) {
    warnings.push({
      code: w,
      message: `FileSize "${rawSize ?? ''}" read as ${size.bytes ?? 'nothing'}`,
    });
  }
  const hashNode = child(node, 'hash');
  return {
    timestamp: childText(node, ...names('timestamp')),
    title: childText(node, 'title'),
    fileName: childText(node, ...names('filename')),
    fileSizeBytes: size.bytes,
    hash: textOf(hashNode),
    hashType: attrOf(hashNode, 'type'),
    url: childText(node, 'url'),
  };
}

function readSource(
  source: unknown,
  content: ContentFields | undefined,
  warnings: ParseWarning[],
): ParsedItem {
  const item = emptyItem();
  applyAddress(item, childText(source, ...names('ipaddress')), childText(source, 'port'), warnings);
  let rawTime = childText(source, ...names('timestamp'));
  if (rawTime === null && content?.timestamp) {
    // Source/TimeStamp is the observation; an Item timestamp is the next best evidence.
    rawTime = content.timestamp;
    warnings.push({
      code: 'timestamp_from_content',
      message: 'Source/TimeStamp missing; Content/Item/TimeStamp used',
    });
  }
  applyTimestamp(item, rawTime, warnings);
  const subType = child(source, 'subtype');
  item.protocol = attrOf(subType, 'protocol') ?? textOf(subType);
  item.application = attrOf(subType, 'application');
  item.type = childText(source, 'type') ?? attrOf(subType, 'basetype');
  item.dejaVu = childText(source, 'dejavu');
  item.numberFiles = parseCount(childText(source, ...names('numberfiles')));
  item.peerId = childText(source, ...names('peerid'));
  item.url = childText(source, 'urlbase');
  if (content) {
    item.title = content.title;
    item.fileName = content.fileName;
    item.fileSizeBytes = content.fileSizeBytes;
    item.hash = content.hash;
    item.hashType = content.hashType;
    item.url = content.url ?? item.url;
  }
  return item;
}

interface RootInfo {
  acnsVersion: string;
  warnings: ParseWarning[];
}

function inspectRoot(openTag: string, prefix: string | undefined): RootInfo {
  const warnings: ParseWarning[] = [];
  const nsAttr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const ns = new RegExp(`\\s${nsAttr.replace('.', '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(
    openTag,
  )?.[1];
  const stated = /ACNS\w*?v(\d+)[._](\d+)\.xsd|\/v(\d+\.\d+)\//i.exec(openTag);
  const statedVersion = stated ? (stated[3] ?? `${stated[1]}.${stated[2]}`) : undefined;
  let family: string | undefined;
  if (ns === undefined) {
    if (prefix) {
      warnings.push({
        code: 'namespace_unknown',
        message: `prefix "${prefix}" on Infringement is not declared`,
      });
    } else {
      warnings.push({ code: 'namespace_missing', message: 'no namespace: read as ACNS 0.6/0.7' });
      family = '0.6-0.7';
    }
  } else {
    const key = ns
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    family = NAMESPACES[key];
    if (!family) {
      warnings.push({
        code: 'namespace_unknown',
        message: `namespace "${ns.slice(0, 100)}" is not an ACNS namespace; read leniently`,
      });
    }
  }
  return { acnsVersion: statedVersion ?? family ?? 'unknown', warnings };
}

// Damage the parser mended; recorded on the notice as its repairs.
const REPAIRS = ['truncated_xml', 'unescaped_ampersand', 'mojibake_repaired'];

const ROOT_OPEN = /<(?:([\w.-]+):)?Infringement(?=[\s/>])[^>]*>?/i;

/**
 * Parses ACNS XML (root Infringement, any version 0.6-1.3) leniently, repairing known damage with
 * warnings. DTDs are refused before parsing (XXE, entity expansion). Never throws.
 */
export function parseAcnsXml(xml: string, opts: ParseOptions = {}): ParseOutcome {
  try {
    return scrubInternalTracking(parseUnsafe(xml, opts));
  } catch (err) {
    const why = err instanceof Error ? err.message : 'unknown error';
    return refuse('malformed_xml', `the XML could not be read: ${why.slice(0, 200)}`);
  }
}

type Refusal = Extract<ParseOutcome, { ok: false }>;

function parseUnsafe(input: string, opts: ParseOptions): ParseOutcome {
  const refused = admit(input, opts);
  if (refused) return refused;
  const found = isolateInfringement(input);
  if (!found) return refuse('no_notice_found', 'no ACNS <Infringement> element found');
  const warnings: ParseWarning[] = [];
  const mended = mendXml(found.xml, warnings);
  if (!mended.ok) return mended;

  const tree: unknown = createAcnsXmlParser().parse(mended.xml);
  const root = child(tree, 'infringement');
  if (!isNode(root)) return refuse('no_notice_found', 'the Infringement element is empty');
  const info = inspectRoot(found.openTag, found.prefix);
  warnings.push(...info.warnings);

  const body = readBody(root, warnings);
  if (mended.truncated && !body.items.some((it) => it.ip !== null && it.observedAtRaw !== null)) {
    return refuse(
      'malformed_xml',
      'truncated XML without a complete Source/IP_Address and Source/TimeStamp',
    );
  }
  if (body.unknown.length > 0) {
    const list = body.unknown.slice(0, 10).join(', ');
    warnings.push({ code: 'unknown_element', message: `non-schema elements: ${list}` });
  }
  const notice = assembleNotice(root, body, info.acnsVersion, warnings);
  caseIdFromText(notice, notice.text);
  return { ok: true, notice };
}

// Refuses what is never parsed: not text, too large, or declaring a DTD or entities.
function admit(input: string, opts: ParseOptions): Refusal | null {
  if (typeof input !== 'string') return refuse('unsupported_format', 'XML input must be text');
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (Buffer.byteLength(input, 'utf8') > maxBytes) {
    return refuse('too_large', `the XML is larger than ${maxBytes} bytes`);
  }
  if (hasForbiddenDeclaration(input)) {
    return refuse(
      'xml_doctype_forbidden',
      'DOCTYPE and ENTITY declarations are not accepted in notices',
    );
  }
  return null;
}

// The Infringement element alone (drops e-mail text or a PGP signature around it), with its
// opening tag and namespace prefix; null when there is none.
function isolateInfringement(
  input: string,
): { xml: string; openTag: string; prefix: string | undefined } | null {
  const xml = stripInternalTracking(input.replace(/^\uFEFF/, ''));
  const open = ROOT_OPEN.exec(xml);
  if (!open) return null;
  const prefix = open[1];
  const closeRe = new RegExp(`</${prefix ? `${prefix}:` : ''}Infringement\\s*>`, 'gi');
  let end = -1;
  for (let m = closeRe.exec(xml); m !== null; m = closeRe.exec(xml)) end = m.index + m[0].length;
  return { xml: xml.slice(open.index, end === -1 ? undefined : end), openTag: open[0], prefix };
}

// Mends known damage (mojibake, stray ampersands, character references, a truncated end),
// with a warning for each; refuses XML that is still malformed.
function mendXml(
  input: string,
  warnings: ParseWarning[],
): Refusal | { ok: true; xml: string; truncated: boolean } {
  let xml = input;
  const moji = repairMojibake(xml);
  if (moji.repaired) {
    xml = moji.text;
    warnings.push({
      code: 'mojibake_repaired',
      message: 'UTF-8 text decoded as Latin-1 was repaired',
    });
  }
  const amp = escapeStrayAmpersands(xml);
  if (amp.count > 0) {
    xml = amp.xml;
    warnings.push({ code: 'unescaped_ampersand', message: `${amp.count} unescaped "&" escaped` });
  }
  xml = resolveCharRefs(xml);

  const valid = XMLValidator.validate(xml);
  if (valid === true) return { ok: true, xml, truncated: false };
  const repair = closeTruncatedXml(xml);
  if (repair === null || XMLValidator.validate(repair.xml) !== true) {
    return refuse('malformed_xml', `malformed XML: ${valid.err.msg}`, valid.err.line);
  }
  warnings.push({
    code: 'truncated_xml',
    message: `XML ended early; closed ${repair.closed.join(', ')}`,
  });
  return { ok: true, xml: repair.xml, truncated: true };
}

interface AcnsBody {
  caseNode: unknown;
  complainantNode: unknown;
  caseId: string | null;
  content: ContentFields[];
  items: ParsedItem[];
  // Non-schema element names met, in document order.
  unknown: string[];
}

// Case, Complainant, Content items and Sources, each Source an item.
function readBody(root: XmlNode, warnings: ParseWarning[]): AcnsBody {
  const unknown: string[] = [];
  checkNames(root, 'infringement', 'Infringement', unknown);
  const caseNode = child(root, 'case');
  const complainantNode = child(root, 'complainant');
  checkNames(caseNode, 'case', 'Case', unknown);
  checkNames(complainantNode, 'complainant', 'Complainant', unknown);

  const caseId = childText(caseNode, 'id');
  if (caseId === null) {
    warnings.push({
      code: 'empty_case_id',
      message: caseNode === undefined ? 'no Case element' : 'Case/ID is empty',
    });
  }
  // `Content_Item` is a spelling seen in the wild for Item, inside Content or on its own.
  const contentItems = [
    ...children(root, 'content').flatMap((c) => children(c, 'item', 'contentitem')),
    ...children(root, 'contentitem'),
  ];
  const content = contentItems.map((node) => {
    checkNames(node, 'item', 'Content/Item', unknown);
    return readContentItem(node, warnings);
  });
  const sources = children(root, 'source');
  // Equal counts above one pair Source[i] with Item[i]; otherwise every Source gets the first Item.
  const paired = sources.length > 1 && sources.length === content.length;
  const items = sources.map((src, i) => {
    checkNames(src, 'source', 'Source', unknown);
    return readSource(src, paired ? content[i] : content[0], warnings);
  });
  if (items.length === 0) warnings.push({ code: 'no_source', message: 'no Source element' });
  return { caseNode, complainantNode, caseId, content, items, unknown };
}

function assembleNotice(
  root: XmlNode,
  body: AcnsBody,
  acnsVersion: string,
  warnings: ParseWarning[],
): ParsedNotice {
  const { caseNode, complainantNode } = body;
  const text = childText(root, 'textnotice') ?? '';
  const damage = warnings
    .filter((w) => REPAIRS.includes(w.code))
    .map((w) => `${w.code}: ${w.message}`);
  const titles = [
    ...new Set(body.content.map((c) => c.title).filter((t): t is string => t !== null)),
  ];
  const entity = childText(complainantNode, 'entity');
  return {
    format: 'acns',
    acnsVersion,
    caseId: body.caseId,
    complainant: {
      entity,
      contact: childText(complainantNode, 'contact'),
      address: nonEmpty(childText(complainantNode, 'address')?.replace(/[ \t]*\r?\n[ \t]*/g, '\n')),
      phone: childText(complainantNode, 'phone'),
      email: childText(complainantNode, 'email'),
    },
    owner: entity,
    items: body.items,
    titles,
    refUrl: childText(caseNode, 'refurl'),
    text,
    // Element values only: the root's namespace and schemaLocation URLs are not links.
    links: extractLinks(...elementKeys(root).flatMap((k) => allStrings(root[k])), text),
    warnings,
    ...(damage.length > 0 ? { repaired: { damage } } : {}),
  };
}
