import { passwordLinkUrl } from './navigation';

// The mail that carries a one-time password link, for "Forgot your password?" and for
// `user:reset-password --mail`: plain text, to the account's own address, from MAIL_FROM,
// with the link on PUBLIC_URL.
export interface PasswordLinkMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export function passwordLinkMail(m: {
  from: string;
  to: string;
  publicUrl: string;
  token: string;
  expiresAt: Date;
  messageId: string;
}): PasswordLinkMail {
  const until = m.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const body = [
    'Someone, probably you, asked to set a new password for your notice-relay portal account.',
    '',
    `Open this link to choose a new password. It works once, until ${until} UTC:`,
    '',
    passwordLinkUrl(m.publicUrl, m.token),
    '',
    'Setting the password signs you out everywhere. If you did not ask for this, ignore',
    'this mail: your password stays as it is.',
  ];
  return {
    from: m.from,
    to: m.to,
    subject: 'Set your notice-relay password',
    text: `${body.join('\n')}\n`,
    messageId: m.messageId,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
