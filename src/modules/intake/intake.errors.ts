import { AppError, ErrorKind, FieldProblem } from '../../common/errors/app-error';

export enum IntakeErrorCode {
  MediaType = 'notice_media_type',
  Malformed = 'notice_malformed',
  TooLarge = 'notice_too_large',
  DoctypeForbidden = 'xml_doctype_forbidden',
  NoNoticeFound = 'no_notice_found',
  Validation = 'validation_failed',
  NotFound = 'notice_not_found',
  NotQuarantined = 'notice_not_quarantined',
  NotAccepted = 'notice_not_accepted',
  NothingHeld = 'notice_nothing_held',
  UnknownOrganisation = 'organisation_not_found',
  NoOrganisation = 'principal_without_organisation',
}

export class IntakeError extends AppError<IntakeErrorCode> {
  constructor(
    code: IntakeErrorCode,
    kind: ErrorKind,
    message: string,
    fields: FieldProblem[] = [],
  ) {
    super(code, kind, message, fields);
  }
}
