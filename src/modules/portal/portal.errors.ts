import { AppError } from '../../common/errors/app-error';

export enum PortalErrorCode {
  CsrfInvalid = 'portal_csrf_invalid',
  SessionRequired = 'portal_session_required',
}

export class PortalError extends AppError<PortalErrorCode> {}

export const portalErrors = {
  csrf: () =>
    new PortalError(
      PortalErrorCode.CsrfInvalid,
      'forbidden',
      'This form could not be verified (it may have expired). Go back, reload the page and try again.',
    ),
  // API keys are for machines; the portal is for people signed in with a password.
  sessionRequired: () =>
    new PortalError(
      PortalErrorCode.SessionRequired,
      'unauthenticated',
      'The portal needs a signed-in session',
    ),
};
