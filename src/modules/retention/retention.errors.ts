import { AppError } from '../../common/errors/app-error';

export enum RetentionErrorCode {
  HoldSubjectNotFound = 'hold_subject_not_found',
  HoldNotFound = 'hold_not_found',
  HoldReleased = 'hold_already_released',
  NoticeNotFound = 'notice_not_found',
  SubscriberNotFound = 'subscriber_not_found',
}

export class RetentionError extends AppError<RetentionErrorCode> {}
