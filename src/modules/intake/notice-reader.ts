import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { FieldProblem } from '../../common/errors/app-error';
import { cacheValidationMetadata } from '../../common/http/validation-metadata-cache';
import { NoticeSubmissionDto } from './dto/notice-submission.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import {
  emptyItem,
  ParsedItem,
  ParsedNotice,
  ParseOutcome,
  parseNoticeTimestamp,
  sniffAndParse,
} from './parsing';
import { isXarf4 } from './parsing/xarf.parser';
import { extractLinks } from './parsing/text-utils';

cacheValidationMetadata();

export const NOTICE_MEDIA_TYPES = [
  'application/json',
  'application/xml',
  'text/xml',
  'message/rfc822',
] as const;

export interface ReadNotice {
  parsed: ParsedNotice;
  sourceFormat: string;
  mediaType: string;
  goodFaithStatement: boolean;
  accuracyStatement: boolean;
}

const baseType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

// V8 names a position, or quotes the text around the bad token ("Unexpected token '}', ...x"
// is not valid JSON); either gives the line.
function lineOf(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  const quoted =
    /Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  if (quoted) {
    const at = text.indexOf(quoted[2]);
    if (at >= 0) return text.slice(0, at + quoted[2].lastIndexOf(quoted[1]) + 1).split('\n').length;
  }
  if (/Unexpected end of JSON input/.test(message)) return text.split('\n').length;
  return undefined;
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// A parser refusal becomes a 4xx naming the line (XML/e-mail) or the body.
export function refusalToError(outcome: Extract<ParseOutcome, { ok: false }>): IntakeError {
  const field = outcome.line !== undefined ? `body line ${outcome.line}` : 'body';
  const fields = [{ field, message: outcome.message }];
  switch (outcome.code) {
    case 'xml_doctype_forbidden':
      return new IntakeError(IntakeErrorCode.DoctypeForbidden, 'invalid', outcome.message, fields);
    case 'too_large':
      return new IntakeError(IntakeErrorCode.TooLarge, 'too_large', outcome.message, fields);
    case 'no_notice_found':
      return new IntakeError(IntakeErrorCode.NoNoticeFound, 'invalid', outcome.message, fields);
    case 'unsupported_format':
      return new IntakeError(IntakeErrorCode.Malformed, 'invalid', outcome.message, fields);
    default:
      return new IntakeError(IntakeErrorCode.Malformed, 'invalid', outcome.message, fields);
  }
}

/**
 * Reads an API body into a ParsedNotice: our JSON schema, X-ARF v4 JSON, ACNS XML or a whole
 * e-mail. Throws IntakeError (4xx) for anything it cannot read; nothing is stored before this.
 */
export async function readNoticeBody(
  body: Buffer,
  contentType: string | undefined,
  maxBytes: number,
): Promise<ReadNotice> {
  const type = baseType(contentType);
  if (!(NOTICE_MEDIA_TYPES as readonly string[]).includes(type)) {
    throw new IntakeError(
      IntakeErrorCode.MediaType,
      'unsupported',
      `Send a notice as ${NOTICE_MEDIA_TYPES.join(', ')} (got ${type || 'no content type'})`,
    );
  }
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new IntakeError(IntakeErrorCode.Malformed, 'invalid', 'The request body is empty', [
      { field: 'body', message: 'empty' },
    ]);
  }
  if (type === 'application/json') {
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const message = err instanceof Error ? err.message : 'invalid JSON';
      const line = lineOf(text, message);
      throw new IntakeError(IntakeErrorCode.Malformed, 'invalid', 'The body is not valid JSON', [
        {
          field: line !== undefined ? `body line ${line}` : 'body',
          message: message.slice(0, 200),
        },
      ]);
    }
    if (!isXarf4(value)) return readOwnSchema(value);
  }
  const outcome = await sniffAndParse(body, contentType, {
    maxBytes: type === 'message/rfc822' ? maxBytes : undefined,
  });
  if (!outcome.ok) throw refusalToError(outcome);
  return {
    parsed: outcome.notice,
    sourceFormat: outcome.notice.format,
    mediaType: type,
    goodFaithStatement: false,
    accuracyStatement: false,
  };
}

async function readOwnSchema(value: unknown): Promise<ReadNotice> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IntakeError(IntakeErrorCode.Validation, 'invalid', 'The notice must be an object', [
      { field: 'body', message: 'must be a JSON object' },
    ]);
  }
  const dto = plainToInstance(NoticeSubmissionDto, value);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    const fields = flatten(errors);
    throw new IntakeError(
      IntakeErrorCode.Validation,
      'invalid',
      `Invalid notice: ${fields
        .map((f) => `${f.field}: ${f.message}`)
        .join('; ')
        .slice(0, 1000)}`,
      fields,
    );
  }
  return {
    parsed: fromOwnSchema(dto),
    sourceFormat: 'json',
    mediaType: 'application/json',
    goodFaithStatement: dto.goodFaithStatement ?? false,
    accuracyStatement: dto.accuracyStatement ?? false,
  };
}

export function fromOwnSchema(dto: NoticeSubmissionDto): ParsedNotice {
  const items: ParsedItem[] = dto.items.map((i) => {
    const ts = parseNoticeTimestamp(i.observedAt);
    const item: ParsedItem = {
      ...emptyItem(),
      ip: i.ip,
      port: i.port ?? null,
      observedAt: ts.at,
      observedAtRaw: i.observedAt,
      protocol: i.protocol,
      application: i.application ?? null,
      title: i.title ?? dto.title ?? null,
      fileName: i.fileName ?? null,
      fileSizeBytes: i.fileSize ?? null,
      hash: i.hash ?? null,
      hashType: i.hashType ?? null,
      peerId: i.peerId ?? null,
    };
    if (ts.problem) item.timestampProblem = ts.problem;
    return item;
  });
  const text = dto.text ?? '';
  const titles = [
    ...new Set([dto.title, ...items.map((i) => i.title)].filter((t): t is string => !!t)),
  ];
  return {
    format: 'json',
    caseId: dto.caseId,
    complainant: {
      entity: dto.claimant?.name ?? null,
      contact: null,
      address: dto.claimant?.address ?? null,
      phone: dto.claimant?.phone ?? null,
      email: dto.claimant?.email ?? null,
    },
    owner: dto.owner,
    items,
    titles,
    refUrl: dto.refUrl ?? null,
    text,
    links: extractLinks(text, ...(dto.refUrl ? [dto.refUrl] : [])),
    warnings: [],
  };
}
