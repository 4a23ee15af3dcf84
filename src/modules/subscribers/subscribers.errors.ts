import { AppError } from '../../common/errors/app-error';

export enum SubscribersErrorCode {
  // The file as a whole cannot be read as the subscriber export (its header lacks a column).
  InvalidFile = 'subscriber_file_invalid',
}

// Errors of the subscriber import. Messages name columns and lines, never the value of an
// identity field (the file is the ISP's customer list).
export class SubscribersError extends AppError<SubscribersErrorCode> {}
