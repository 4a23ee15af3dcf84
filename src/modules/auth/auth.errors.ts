import { AppError } from '../../common/errors/app-error';

export enum AuthErrorCode {
  MissingCredentials = 'auth_missing_credentials',
  InvalidCredentials = 'auth_invalid_credentials',
  RoleNotAllowed = 'auth_role_not_allowed',
  ApiKeyNotFound = 'api_key_not_found',
  ApiKeyScope = 'api_key_scope_invalid',
  CookieOnApi = 'auth_cookie_not_accepted',
  ForeignOrigin = 'auth_foreign_origin',
  ScopeMissing = 'api_key_scope_missing',
  PersonRequired = 'auth_person_required',
  RoleReserved = 'auth_role_reserved',
  MetricsTokenRequired = 'metrics_token_required',
}

export class AuthError extends AppError<AuthErrorCode> {}

export const authErrors = {
  missing: () =>
    new AuthError(
      AuthErrorCode.MissingCredentials,
      'unauthenticated',
      'This route needs an API key (Authorization: Bearer nrk_...) or a signed-in session',
    ),
  invalid: () =>
    new AuthError(
      AuthErrorCode.InvalidCredentials,
      'unauthenticated',
      'The credentials are not valid, expired or revoked',
    ),
  role: (roles: readonly string[]) =>
    new AuthError(
      AuthErrorCode.RoleNotAllowed,
      'forbidden',
      `This route is for the role(s): ${roles.join(', ')}`,
    ),
  cookieOnApi: () =>
    new AuthError(
      AuthErrorCode.CookieOnApi,
      'unauthenticated',
      'A state-changing API request needs Authorization: Bearer credentials; the session cookie serves the portal',
    ),
  foreignOrigin: () =>
    new AuthError(
      AuthErrorCode.ForeignOrigin,
      'forbidden',
      'The session cookie is accepted only from pages of this service (the Origin is foreign)',
    ),
  scope: (scope: string) =>
    new AuthError(
      AuthErrorCode.ScopeMissing,
      'forbidden',
      `This API key was not given the scope ${scope}`,
    ),
  personRequired: (what: string) =>
    new AuthError(AuthErrorCode.PersonRequired, 'forbidden', `Only a signed-in person may ${what}`),
  metricsTokenRequired: () =>
    new AuthError(
      AuthErrorCode.MetricsTokenRequired,
      'forbidden',
      'Metrics are served outside development only with METRICS_TOKEN set (Authorization: Bearer <token>)',
    ),
};
