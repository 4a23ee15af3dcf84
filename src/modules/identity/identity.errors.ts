import { AppError } from '../../common/errors/app-error';

export enum IdentityErrorCode {
  MessageNotFound = 'message_not_found',
}

export class IdentityError extends AppError<IdentityErrorCode> {}
