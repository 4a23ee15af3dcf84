import { errorSummary, FieldErrors } from '../portal-form';

// The pages a person sees before signing in. Each gives its form's values back (never the
// password) with the errors beside the fields.

// The sign-in form; `next` is where a successful sign-in goes (already made safe).
export function signInPage(
  email: string,
  next: string,
  errors: FieldErrors,
  notice: string | undefined,
) {
  return {
    title: 'Sign in',
    form: { email, next },
    errors,
    summary: errorSummary(errors),
    notice,
  };
}

// Why the sign-in page was shown: after signing out, or after setting a password.
export function signInNotice(signedOut: unknown, passwordSet: unknown): string | undefined {
  return signedOut
    ? 'You have signed out.'
    : passwordSet
      ? 'Your password is set. Sign in with it.'
      : undefined;
}

// "Forgot your password?", or once sent the same "check your mail" whatever the address.
export function forgotPasswordPage(email: string, errors: FieldErrors, sent: boolean) {
  return {
    title: sent ? 'Check your mail' : 'Forgot your password?',
    form: { email },
    errors,
    summary: errorSummary(errors),
    sent,
  };
}

// Setting a password with a one-time link; `ok` false when the link is no longer usable.
export function passwordSetPage(token: string, ok: boolean, errors: FieldErrors) {
  return { title: 'Set your password', token, ok, errors, summary: errorSummary(errors) };
}
