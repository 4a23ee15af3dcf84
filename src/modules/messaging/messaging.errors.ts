import { AppError } from '../../common/errors/app-error';

export enum MessagingErrorCode {
  TemplateUnknown = 'template_unknown',
  TemplateRenderFailed = 'template_render_failed',
  MessageNotFound = 'message_not_found',
  NoticeNotFound = 'notice_not_found',
  MessageNotRetryable = 'message_not_retryable',
  ChallengeLinkInvalid = 'challenge_link_invalid',
  ChallengeLinkExpired = 'challenge_link_expired',
  ChallengeNotFound = 'challenge_not_found',
  ChallengeAlreadyDecided = 'challenge_already_decided',
  ProposalNotFound = 'escalation_proposal_not_found',
  ProposalAlreadyDecided = 'escalation_proposal_already_decided',
}

export class MessagingError extends AppError<MessagingErrorCode> {}
