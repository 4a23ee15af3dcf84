import { AppError } from '../../common/errors/app-error';

export enum DisclosureErrorCode {
  NotFound = 'disclosure_request_not_found',
  UnknownNotice = 'disclosure_notice_unknown',
  ForbiddenTransition = 'disclosure_transition_forbidden',
  WindowOpen = 'disclosure_window_open',
  MotionPending = 'disclosure_motion_pending',
  PackageNotReady = 'disclosure_package_not_ready',
  DocumentNotPdf = 'disclosure_document_not_pdf',
  DocumentTooLarge = 'disclosure_document_too_large',
  DocumentEmpty = 'disclosure_document_empty',
  DocumentMissing = 'disclosure_document_missing',
  DocumentFrozen = 'disclosure_document_frozen',
  OrderRequired = 'disclosure_order_required',
  OrganisationRequired = 'disclosure_organisation_required',
  SubscriberNotFound = 'subscriber_not_found',
}

export class DisclosureError extends AppError<DisclosureErrorCode> {}

export const requestNotFound = () =>
  new DisclosureError(DisclosureErrorCode.NotFound, 'not_found', 'No such disclosure request');

// Issue #16: the order a decision was taken on cannot be swapped afterwards.
export const documentFrozen = (reference: string, status: string) =>
  new DisclosureError(
    DisclosureErrorCode.DocumentFrozen,
    'conflict',
    `The order document of ${reference} is frozen: review has started (status ${status}), ` +
      'so the order the decisions were taken on cannot be replaced',
  );

// DR-1: no identity without the order; the step names the kind that needs it.
export const orderRequired = (kind: string, step: string) =>
  new DisclosureError(
    DisclosureErrorCode.OrderRequired,
    'conflict',
    `A ${kind} request cannot be ${step} without its order document: attach the order (PDF) first`,
  );
