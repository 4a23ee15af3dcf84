import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '../../common/time/clock';
import { assertGoodStanding } from '../accounts/good-standing';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import {
  DisclosureError,
  DisclosureErrorCode,
  documentFrozen,
  requestNotFound,
} from './disclosure.errors';
import { DisclosureRepository } from './disclosure.repository';
import {
  ARCOM_RESPONSE_DAYS,
  DisclosableField,
  DisclosureRequestRow,
  documentOpenFor,
  RequestKind,
} from './disclosure.types';

export interface RequestInput {
  kind: RequestKind;
  issuingBody: string;
  caseNumber: string;
  noticeReferences: string[];
  allowedFields: DisclosableField[];
  objectionWindowDays: number;
  respondBy: Date | null;
}

// Who submits: a complainant for its own organisation, or legal staff entering a paper request.
export interface Submitter {
  actor: AuditActor;
  // The complainant's own organisation; legal staff may name one or none.
  organisationId: string | null;
  channel: 'api' | 'paper';
  // A complainant may cite only its own notices.
  restrictToOrganisation: boolean;
}

const PDF_MAGIC = Buffer.from('%PDF-');
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

// Records a disclosure request (DR-1) and its order document.
@Injectable()
export class RequestIntakeService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async submit(by: Submitter, input: RequestInput): Promise<DisclosureRequestRow> {
    const now = this.clock.now();
    const refs = [...new Set(input.noticeReferences)];
    // DR-6: an Arcom identification request is answered within 8 days unless it says sooner.
    const respondBy =
      input.kind === 'fr_arcom_identification'
        ? minDate(input.respondBy, new Date(now.getTime() + ARCOM_RESPONSE_DAYS * 86_400_000))
        : input.respondBy;
    const id = await this.repo.transaction(async (em) => {
      if (by.restrictToOrganisation && by.organisationId) {
        assertGoodStanding(
          await this.repo.organisationAccreditation(em, by.organisationId),
          'file disclosure requests',
        );
      }
      const notices = await this.repo.findNoticeIds(
        em,
        refs,
        by.restrictToOrganisation ? by.organisationId : null,
      );
      const found = new Set(notices.map((n) => n.reference));
      const missing = refs.filter((r) => !found.has(r));
      if (missing.length > 0) {
        // The same answer whether the notice does not exist or belongs to someone else.
        throw new DisclosureError(
          DisclosureErrorCode.UnknownNotice,
          'invalid',
          'Some notice references are not yours or do not exist',
          missing.map((r) => ({ field: 'noticeReferences', message: `unknown reference ${r}` })),
        );
      }
      const requestId = await this.repo.insertRequest(
        em,
        {
          reference: `DR-${randomBytes(5).toString('hex').toUpperCase()}`,
          organisationId: by.organisationId,
          kind: input.kind,
          channel: by.channel,
          issuingBody: input.issuingBody,
          caseNumber: input.caseNumber,
          noticeReferences: refs,
          allowedFields: [...new Set(input.allowedFields)],
          objectionWindowDays: input.objectionWindowDays,
          receivedAt: now,
          respondBy,
          createdBy: by.actor,
        },
        notices.map((n) => n.id),
      );
      await this.audit.append(em, {
        actor: by.actor,
        action: 'disclosure.received',
        subjectType: 'disclosure_request',
        subjectId: requestId,
        purpose: `${input.kind} ${input.caseNumber}`,
        details: { channel: by.channel, noticeCount: refs.length },
      });
      return requestId;
    });
    return (await this.repo.find(id))!;
  }

  // The order document: a PDF, stored with its SHA-256.
  async attachDocument(
    actor: AuditActor,
    id: string,
    bytes: Buffer,
    ownOrganisationId: string | null,
  ): Promise<DisclosureRequestRow> {
    checkOrderDocument(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.repo.transaction(async (em) => {
      const locked = await this.repo.lock(em, id);
      if (!locked || (ownOrganisationId !== null && locked.organisation_id !== ownOrganisationId)) {
        throw requestNotFound();
      }
      // Frozen once review starts: the order the decisions rest on cannot be swapped (issue #16).
      if (!documentOpenFor(locked)) throw documentFrozen(locked.reference, locked.status);
      await this.repo.storeDocument(em, id, bytes, sha256, this.clock.now());
      await this.audit.append(em, {
        actor,
        action: 'disclosure.document_attached',
        subjectType: 'disclosure_request',
        subjectId: id,
        purpose: 'order document',
        details: {
          sha256,
          size: bytes.length,
          ...(locked.document_sha256 ? { replaced: locked.document_sha256 } : {}),
        },
      });
    });
    return (await this.repo.find(id))!;
  }
}

// The order document's rules, also checked by the portal before it records a request, so a
// bad upload never leaves a request without its document.
export function checkOrderDocument(bytes: Buffer): void {
  if (bytes.length === 0) {
    throw new DisclosureError(DisclosureErrorCode.DocumentEmpty, 'invalid', 'Empty document');
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DisclosureError(
      DisclosureErrorCode.DocumentTooLarge,
      'too_large',
      `The document is larger than ${MAX_DOCUMENT_BYTES} bytes`,
    );
  }
  if (!bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new DisclosureError(
      DisclosureErrorCode.DocumentNotPdf,
      'unsupported',
      'The order document must be a PDF',
    );
  }
}

function minDate(a: Date | null, b: Date): Date {
  return a && a < b ? a : b;
}
