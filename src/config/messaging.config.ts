import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { availableParallelism } from 'node:os';
import { ConfigPart, readConfigPart, toInt } from './config-part';

// Messaging: digests, challenge pages, and the mail worker's polling, retries and batches.
export class MessagingEnv {
  // Attributed items of one account inside this window go out as one message.
  @Transform(toInt)
  @Min(0)
  @Max(7 * 86400)
  @IsInt()
  MAIL_DIGEST_WINDOW_SECONDS = 3600;

  @Transform(toInt)
  @Min(1)
  @Max(365)
  @IsInt()
  CHALLENGE_LINK_DAYS = 30;

  // The subscriber's challenge page: whose page it is and how long the desk takes to decide.
  @IsString()
  @Matches(/^\S.{0,79}$/, { message: 'ISP_NAME must be 1 to 80 characters' })
  ISP_NAME = 'Example Internet';

  @Transform(toInt)
  @Min(1)
  @Max(90)
  @IsInt()
  CHALLENGE_REVIEW_DAYS = 14;

  // JSON file overriding the per-regime repeat-offence policy (see messaging-policy.ts).
  @IsOptional()
  @IsString()
  MESSAGING_POLICY_FILE?: string;

  @IsString()
  TEMPLATES_DIR = 'templates';

  // How often the worker turns attributed items into messages and moves pending ones to Redis.
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  MAIL_POLL_MS = 2000;

  // A message handed to Redis but not sent after this long is handed over again (Redis lost it).
  @Transform(toInt)
  @Min(1)
  @Max(86400)
  @IsInt()
  MAIL_REQUEUE_SECONDS = 300;

  @Transform(toInt)
  @Min(1)
  @Max(50)
  @IsInt()
  MAIL_ATTEMPTS = 6;

  @Transform(toInt)
  @Min(10)
  @Max(3_600_000)
  @IsInt()
  MAIL_BACKOFF_MS = 5000;

  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  MAIL_CONCURRENCY = 8;

  // Messages handed to Redis as one job: claimed, read (one audited transaction) and
  // acknowledged together, so the database round trips are paid per batch, not per message.
  @Transform(toInt)
  @Min(1)
  @Max(500)
  @IsInt()
  MAIL_BATCH_SIZE = 50;

  // SMTP acceptances the database could not take yet are kept here until it can (one file per
  // worker process; replayed at the worker's next start), at most MAIL_ACK_JOURNAL_MAX lines.
  @IsString()
  MAIL_ACK_JOURNAL = 'var/mail-ack-journal.jsonl';

  @Transform(toInt)
  @Min(1)
  @Max(10_000_000)
  @IsInt()
  MAIL_ACK_JOURNAL_MAX = 100_000;

  // Threads composing messages (rendering, MIME building) beside the mail worker's event loop;
  // 0 composes on the event loop. Default: one fewer than the cores, at least 1, at most 4.
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(16)
  @IsInt()
  MAIL_COMPOSE_THREADS?: number;
}

export interface MessagingConfig {
  digestWindowSeconds: number;
  challengeLinkDays: number;
  challengeReviewDays: number;
  ispName: string;
  policyFile: string | null;
  templatesDir: string;
  pollMs: number;
  requeueSeconds: number;
  attempts: number;
  backoffMs: number;
  concurrency: number;
  batchSize: number;
  ackJournal: string;
  ackJournalMax: number;
  composeThreads: number;
}

export function readMessagingConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<MessagingEnv, MessagingConfig> {
  const optional = ['MESSAGING_POLICY_FILE', 'MAIL_COMPOSE_THREADS'] as const;
  return readConfigPart(MessagingEnv, env, optional, (vars) => ({
    digestWindowSeconds: vars.MAIL_DIGEST_WINDOW_SECONDS,
    challengeLinkDays: vars.CHALLENGE_LINK_DAYS,
    challengeReviewDays: vars.CHALLENGE_REVIEW_DAYS,
    ispName: vars.ISP_NAME,
    policyFile: vars.MESSAGING_POLICY_FILE ?? null,
    templatesDir: vars.TEMPLATES_DIR,
    pollMs: vars.MAIL_POLL_MS,
    requeueSeconds: vars.MAIL_REQUEUE_SECONDS,
    attempts: vars.MAIL_ATTEMPTS,
    backoffMs: vars.MAIL_BACKOFF_MS,
    concurrency: vars.MAIL_CONCURRENCY,
    batchSize: vars.MAIL_BATCH_SIZE,
    ackJournal: vars.MAIL_ACK_JOURNAL,
    ackJournalMax: vars.MAIL_ACK_JOURNAL_MAX,
    composeThreads:
      vars.MAIL_COMPOSE_THREADS ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
  }));
}
