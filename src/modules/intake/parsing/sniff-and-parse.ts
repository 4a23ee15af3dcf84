import { parseAcnsXml } from './acns-xml.parser';
import { extractFromEmail } from './email-extract';
import { refuse, type ParseOptions, type ParseOutcome } from './parsed-notice';
import { decodeBytes } from './text-utils';
import { isXarf4, parseXarf02Report, parseXarf4Json } from './xarf.parser';

function mediaType(contentType: string | undefined): { type: string; charset: string | null } {
  if (!contentType) return { type: '', charset: null };
  const [type, ...params] = contentType.split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([\w.:-]+)"?\s*$/i.exec(p)?.[1])
    .find((c): c is string => c !== undefined);
  return { type: type.trim().toLowerCase(), charset: charset ?? null };
}

function jsonIsXarf4(text: string): boolean {
  try {
    return isXarf4(JSON.parse(text));
  } catch {
    return false;
  }
}

const HEADER_BLOCK = /^(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*){2,}\r?\n/;

function sniff(body: Buffer, charset: string | null, opts: ParseOptions): Promise<ParseOutcome> {
  const text = decodeBytes(body, charset).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return Promise.resolve(parseAcnsXml(text, opts));
  if (start.startsWith('{')) {
    return Promise.resolve(
      jsonIsXarf4(start)
        ? parseXarf4Json(start, opts)
        : refuse(
            'unsupported_format',
            'JSON that is not X-ARF v4 belongs to the notice API schema',
          ),
    );
  }
  if (HEADER_BLOCK.test(text.replace(/\r\n/g, '\n').slice(0, 64 * 1024))) {
    if (/^Reported-From:/im.test(text) && !/^(?:From|Received|Message-ID):/im.test(text)) {
      return Promise.resolve(parseXarf02Report(text, opts));
    }
    return extractFromEmail(body, opts);
  }
  if (/^Reported-From:/im.test(text)) return Promise.resolve(parseXarf02Report(text, opts));
  if (/<(?:[\w.-]+:)?Infringement[\s>]/.test(text)) {
    // A bare text body with ACNS inside: read it as a header-less message.
    return extractFromEmail(Buffer.concat([Buffer.from('\r\n'), body]), opts);
  }
  return Promise.resolve(
    refuse('unsupported_format', 'the body is neither ACNS XML, X-ARF nor an e-mail message'),
  );
}

/**
 * Dispatches an incoming body by content type, sniffing the content when the type is missing or
 * generic. Our own JSON notice schema is handled by the API, not here. Never rejects.
 */
export async function sniffAndParse(
  body: Buffer,
  contentType: string | undefined,
  opts: ParseOptions = {},
): Promise<ParseOutcome> {
  try {
    if (!Buffer.isBuffer(body)) return refuse('unsupported_format', 'the body must be bytes');
    const { type, charset } = mediaType(contentType);
    if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) {
      return parseAcnsXml(decodeBytes(body, charset), opts);
    }
    if (type === 'message/rfc822') return await extractFromEmail(body, opts);
    if (type === 'application/json' || type.endsWith('+json')) {
      const text = decodeBytes(body, charset);
      if (jsonIsXarf4(text.replace(/^\uFEFF/, ''))) return parseXarf4Json(text, opts);
      try {
        JSON.parse(text);
      } catch {
        return refuse('malformed_json', 'the body is not valid JSON');
      }
      return refuse(
        'unsupported_format',
        'JSON that is not X-ARF v4 belongs to the notice API schema',
      );
    }
    return await sniff(body, charset, opts);
  } catch (err) {
    const why = err instanceof Error ? err.message : 'unreadable';
    return refuse('unsupported_format', `the body could not be read: ${why.slice(0, 200)}`);
  }
}
