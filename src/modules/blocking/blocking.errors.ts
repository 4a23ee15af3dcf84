import { AppError, FieldProblem } from '../../common/errors/app-error';

export enum BlockingErrorCode {
  OrderNotFound = 'blocking_order_not_found',
  OrderNotOpen = 'blocking_order_not_open',
  OrderNotConfirmed = 'blocking_order_not_confirmed',
  InvalidTarget = 'blocking_target_invalid',
  MeasureNotOrdered = 'blocking_measure_not_ordered',
  DocumentFrozen = 'blocking_document_frozen',
  DocumentNotPdf = 'blocking_document_not_pdf',
  DocumentTooLarge = 'blocking_document_too_large',
  DocumentMissing = 'blocking_document_missing',
  UpdateRequestNotFound = 'blocking_update_request_not_found',
  BasisNotAllowed = 'blocking_basis_not_allowed',
  ProtectedEntryInvalid = 'blocking_protected_invalid',
  ProtectedEntryNotFound = 'blocking_protected_not_found',
  TicketInvalid = 'blocking_ticket_invalid',
  TicketDuplicate = 'blocking_ticket_duplicate',
  UnknownFormat = 'blocking_export_format_unknown',
  StopPageUnknown = 'blocking_stop_page_unknown',
}

export class BlockingError extends AppError<BlockingErrorCode> {}

export const blockingErrors = {
  orderNotFound: () =>
    new BlockingError(BlockingErrorCode.OrderNotFound, 'not_found', 'No such blocking order'),
  updateRequestNotFound: (id: string) =>
    new BlockingError(
      BlockingErrorCode.UpdateRequestNotFound,
      'not_found',
      `No such update request: ${id}`,
    ),
  invalidTargets: (fields: FieldProblem[]) =>
    new BlockingError(
      BlockingErrorCode.InvalidTarget,
      'invalid',
      `Invalid target(s): ${fields.map((f) => f.message).join('; ')}`,
      fields,
    ),
  measureNotOrdered: (value: string, field: string) =>
    new BlockingError(
      BlockingErrorCode.MeasureNotOrdered,
      'invalid',
      `${value} is an address target but the order does not order IP blocking (measures)`,
      [{ field, message: 'IP blocking is not among the ordered measures' }],
    ),
  orderNotOpen: (status: string) =>
    new BlockingError(
      BlockingErrorCode.OrderNotOpen,
      'conflict',
      `The order is ${status}: only a submitted order can be confirmed or rejected`,
    ),
  orderNotConfirmed: (status: string) =>
    new BlockingError(
      BlockingErrorCode.OrderNotConfirmed,
      'conflict',
      `The order is ${status}: updates are proposed only under a confirmed order`,
    ),
  documentFrozen: () =>
    new BlockingError(
      BlockingErrorCode.DocumentFrozen,
      'conflict',
      'The order document is already stored and frozen with its SHA-256',
    ),
  protectedInvalid: (fields: FieldProblem[]) =>
    new BlockingError(
      BlockingErrorCode.ProtectedEntryInvalid,
      'invalid',
      `Protected list entries not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      fields,
    ),
};
