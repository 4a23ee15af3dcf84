import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigPart, readConfigPart, toInt } from './config-part';

// How outgoing mail leaves: the SMTP server (or, without one, files in MAIL_DIR) and the sender.
export class MailEnv {
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_DIR = 'var/mail';

  @Matches(/^.+@.+$/, { message: 'MAIL_FROM must be an e-mail address' })
  MAIL_FROM = 'Abuse Desk <abuse@isp.example>';

  // SMTP timeouts (ms): opening the connection, waiting for the greeting, and silence on an
  // open socket. A hung server fails the send after this long (retried), not after minutes.
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_CONNECTION_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_GREETING_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_SOCKET_TIMEOUT_MS = 30_000;
}

export interface MailConfig {
  smtpUrl: string | null;
  dir: string;
  from: string;
  timeouts: { connectionMs: number; greetingMs: number; socketMs: number };
}

export function readMailConfig(env: NodeJS.ProcessEnv): ConfigPart<MailEnv, MailConfig> {
  return readConfigPart(MailEnv, env, ['SMTP_URL'], (vars) => ({
    smtpUrl: vars.SMTP_URL ?? null,
    dir: vars.MAIL_DIR,
    from: vars.MAIL_FROM,
    timeouts: {
      connectionMs: vars.SMTP_CONNECTION_TIMEOUT_MS,
      greetingMs: vars.SMTP_GREETING_TIMEOUT_MS,
      socketMs: vars.SMTP_SOCKET_TIMEOUT_MS,
    },
  }));
}
