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
  OrganisationRequired = 'disclosure_organisation_required',
  SubscriberNotFound = 'subscriber_not_found',
}

export class DisclosureError extends AppError<DisclosureErrorCode> {}

export const requestNotFound = () =>
  new DisclosureError(DisclosureErrorCode.NotFound, 'not_found', 'No such disclosure request');
