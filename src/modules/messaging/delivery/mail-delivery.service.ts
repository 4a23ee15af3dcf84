import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { systemActor } from '../../identity/audit.types';
import { FailureReplyStore } from '../../identity/failure-reply.store';
import { IdentityService } from '../../identity/identity.service';
import { StepMetrics } from '../../metrics/step-metrics';
import { MAIL_TRANSPORT } from '../messaging.tokens';
import { AckBatcher, GroupedWrite, Limiter } from './ack-batcher';
import { AckJournal } from './ack-journal';
import { DeliveryRepository, MessageRow, WarningFactRow } from './delivery.repository';
import { ComposePool, ComposeThreadError } from './compose-pool';
import { Contact, MessageComposer } from './message-composer';
import { describeFailure, MailTransport } from './mail-transport';
import { OutboxRelayRepository } from './outbox-relay.repository';
import { ComposedRecord, PreparedMail } from './prepared-mail';

export type DeliveryOutcome =
  'sent' | 'skipped' | 'missing' | 'retrying' | 'released' | 'dead' | 'cancelled';

export const INTERRUPTED_NOTE =
  'send interrupted after the message was handed to SMTP; outcome unknown: check the mail log ' +
  'for its Message-ID before retrying (a retry is marked a possible duplicate)';

// A claim whose worker has not said it is alive for this long is recovered by any worker.
// Workers refresh their claims every HEARTBEAT_MS.
export const CLAIM_STALE_SECONDS = 15;
export const HEARTBEAT_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;

export interface MailBatch {
  // The relay batch (Bull job id) that owns the rows; null to act on the rows whatever their
  // batch (a single-message job queued before batches, a direct call).
  batchId: string | null;
  messageIds: readonly string[];
}

// Sends outbox rows, a batch at a time. PostgreSQL holds every step (issue #17):
// - claim: the rows become 'sending' under a claim id (SKIP LOCKED: two workers never claim one
//   row); the worker refreshes its claims while it holds them (heartbeat);
// - handed: just before its bytes go to SMTP, each row records handed_at (a committed write,
//   grouped with the other sends of that moment); a row whose claim was recovered meanwhile is
//   not sent;
// - SMTP accepted: 'sent' (grouped acknowledgements, retried until the database answers);
// - failure: 5xx dead; 4xx or connection trouble 'failed' with next_attempt_at, when the relay
//   hands it over again. A send whose reply was lost is retried too, and the resend is marked a
//   possible duplicate (same Message-ID).
// A worker that dies leaves 'sending' rows whose heartbeat stops: recoverAbandoned() gives the
// ones never handed over back to pending, and parks the handed ones as "outcome unknown".
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);
  private readonly acks: AckBatcher;
  private readonly handed: GroupedWrite<{ id: string; claimId: string }, Set<string>>;
  private readonly sends: Limiter;
  // Messages being composed or composed and waiting for a send slot: enough that a free slot
  // finds one ready, few enough that composed mail does not pile up in memory.
  private readonly window: Limiter;
  // Claims this process holds (refreshed by heartbeat()).
  private readonly claims = new Set<string>();

  constructor(
    private readonly repo: DeliveryRepository,
    private readonly claimsRepo: OutboxRelayRepository,
    private readonly identity: IdentityService,
    private readonly composer: MessageComposer,
    private readonly pool: ComposePool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly journal: AckJournal,
    private readonly replies: FailureReplyStore,
    private readonly steps: StepMetrics,
  ) {
    this.sends = new Limiter(config.messaging.concurrency);
    this.window = new Limiter(2 * config.messaging.concurrency);
    this.acks = new AckBatcher(
      (records) => this.repo.markSent(records),
      undefined,
      () => this.window.inFlight > 0,
      journal,
    );
    this.handed = new GroupedWrite((rows) => this.repo.markHanded(rows));
  }

  messageIdHeader(id: string): string {
    return this.composer.messageIdHeader(id);
  }

  // Acknowledgements kept on disk by a process that stopped while the database was away.
  async replayJournal(): Promise<number> {
    return this.acks.replay();
  }

  // Acknowledgements not yet in the database (waiting or retrying).
  get unrecordedAcks(): number {
    return this.acks.pending;
  }

  // One message (a job from before batches, the CLI, tests).
  async deliver(id: string): Promise<DeliveryOutcome> {
    const outcomes = await this.deliverBatch({ batchId: null, messageIds: [id] });
    return outcomes.get(id) ?? 'missing';
  }

  // Every message of the batch reaches a recorded state before this returns: sent, dead,
  // cancelled, failed with its next attempt scheduled, or back to pending when the batch could
  // not be loaded. Rows not claimed (another batch or worker has them, or they are finished)
  // are skipped.
  async deliverBatch(batch: MailBatch): Promise<Map<string, DeliveryOutcome>> {
    const ids = [...new Set(batch.messageIds)];
    const outcomes = new Map<string, DeliveryOutcome>();
    const claimId = randomUUID();
    const claimed = await this.repo.claimMessages(ids, batch.batchId, claimId);
    const claimedIds = new Set(claimed.map((m) => m.id));
    const others = ids.filter((id) => !claimedIds.has(id));
    if (others.length) {
      const found = new Set((await this.repo.findMessages(others)).map((m) => m.id));
      for (const id of others) outcomes.set(id, found.has(id) ? 'skipped' : 'missing');
    }
    if (claimed.length === 0) return outcomes;

    this.claims.add(claimId);
    try {
      let loaded: { contacts: Contact[]; facts: Map<string, WarningFactRow[]> };
      try {
        loaded = await this.load(claimed);
      } catch (e) {
        // Nothing was sent: the rows wait again. If the database cannot take even that, the
        // claim is dropped from the heartbeat and recoverAbandoned() returns them later.
        const { note } = describeFailure(e);
        this.logger.warn({ messages: claimed.length, error: note }, 'batch could not be loaded');
        await this.claimsRepo
          .releaseClaim(claimId, [...claimedIds], `load: ${note}`)
          .catch((err: Error) =>
            this.logger.warn(
              { messages: claimed.length, error: describeFailure(err).note },
              'claim not released; recovered once the database answers',
            ),
          );
        for (const m of claimed) outcomes.set(m.id, 'released');
        return outcomes;
      }
      await Promise.all(
        claimed.map(async (msg, i) => {
          const outcome = await this.sendOne(
            msg,
            claimId,
            loaded.facts.get(msg.id) ?? [],
            loaded.contacts[i],
          );
          outcomes.set(msg.id, outcome);
        }),
      );
      return outcomes;
    } finally {
      this.claims.delete(claimId);
    }
  }

  // Tells the database this process still holds its claims.
  async heartbeat(): Promise<void> {
    await this.claimsRepo.heartbeat([...this.claims]);
  }

  // Claims whose worker stopped: never-handed rows back to pending; handed ones are asked of
  // the transport (the .eml transport can tell) or parked as "outcome unknown" for the desk.
  async recoverAbandoned(): Promise<{ released: number; parked: number; reconciled: number }> {
    const { released, handed } = await this.claimsRepo.recoverAbandoned(CLAIM_STALE_SECONDS);
    let parked = 0;
    let reconciled = 0;
    for (const id of handed) {
      const header = this.messageIdHeader(id);
      const known = await this.transport.wasAccepted(header);
      if (known === true) {
        await this.repo.markSent([reconciledRecord(id, header)]);
        reconciled++;
      } else if (known === false) {
        await this.claimsRepo.releaseAbandoned(id, CLAIM_STALE_SECONDS);
        released.push(id);
      } else if (
        await this.claimsRepo.parkUnknownOutcome(id, CLAIM_STALE_SECONDS, INTERRUPTED_NOTE)
      ) {
        parked++;
        this.logger.warn({ messageId: id }, 'interrupted send parked for the desk');
      }
    }
    if (released.length) {
      this.logger.warn({ messages: released.length }, 'abandoned claims returned to pending');
    }
    return { released: released.length, parked, reconciled };
  }

  // Contact details (one audited transaction for the batch) and warning facts (one query).
  private async load(
    claimed: MessageRow[],
  ): Promise<{ contacts: Contact[]; facts: Map<string, WarningFactRow[]> }> {
    const warnings = claimed.filter((m) => m.kind === 'warning').map((m) => m.id);
    const [contacts, factRows] = await Promise.all([
      // Identity is read here only, audited, one entry per message, and kept in memory only.
      this.identity.readEach(
        claimed.map((msg) => ({
          accountId: msg.subscriberAccountId,
          access: {
            actor: systemActor('messaging'),
            purpose: `send ${msg.kind} message ${msg.id}`,
            fields: ['email', 'language', 'fullName'] as const,
            details: { messageId: msg.id },
          },
        })),
      ),
      warnings.length ? this.repo.findWarningFacts(warnings) : Promise.resolve([]),
    ]);
    const facts = new Map<string, WarningFactRow[]>();
    for (const f of factRows) {
      const list = facts.get(f.messageId);
      if (list) list.push(f);
      else facts.set(f.messageId, [f]);
    }
    return { contacts, facts };
  }

  // The message is composed (on a compose thread, see ComposePool) shortly before a send slot is
  // free, not when its batch is loaded: at most 2 x MAIL_CONCURRENCY messages are composed or
  // waiting, so a batch does not compose all its messages in one burst, and only the messages
  // about to be sent are held in memory.
  private async sendOne(
    msg: MessageRow,
    claimId: string,
    facts: WarningFactRow[],
    who: Contact,
  ): Promise<DeliveryOutcome> {
    const r = await this.window.run(() => this.composeAndSend(msg, claimId, facts, who));
    return this.settle(msg, claimId, r);
  }

  // Compose (inside the window), then hand over in a send slot.
  private async composeAndSend(
    msg: MessageRow,
    claimId: string,
    facts: WarningFactRow[],
    who: Contact,
  ): Promise<SlotResult> {
    let mail: PreparedMail | null;
    try {
      mail = await this.steps.time('compose', () => this.pool.prepare({ msg, facts, who }));
    } catch (e) {
      // A lost compose thread is not the message's fault: retried like a lost connection.
      if (e instanceof ComposeThreadError) return { kind: 'not-handed', error: e };
      return { kind: 'compose-failed', error: e };
    }
    if (!mail) return { kind: 'no-address' };
    const prepared = mail;
    return this.sends.run(() => this.handOver(msg, claimId, prepared));
  }

  // handed_at is committed before the bytes go to SMTP; a row whose claim was recovered
  // meanwhile is not sent.
  private async handOver(
    msg: MessageRow,
    claimId: string,
    { envelope, raw, record }: PreparedMail,
  ): Promise<SlotResult> {
    try {
      const mine = await this.handed.submit({ id: msg.id, claimId });
      if (!mine.has(msg.id)) return { kind: 'claim-lost' };
    } catch (e) {
      return { kind: 'not-handed', error: e };
    }
    try {
      const accepted = await this.steps.time('send', () =>
        this.transport.send({ envelope, raw, messageId: record.messageIdHeader }),
      );
      return { kind: 'accepted', transportMessageId: accepted.transportMessageId, record };
    } catch (e) {
      return { kind: 'send-failed', error: e };
    }
  }

  // Records what became of the message.
  private async settle(msg: MessageRow, claimId: string, r: SlotResult): Promise<DeliveryOutcome> {
    switch (r.kind) {
      case 'claim-lost':
        this.logger.warn({ messageId: msg.id }, 'claim recovered by another worker; not sent here');
        return 'skipped';
      case 'no-address':
        await this.repo.cancelUndeliverable(
          msg.id,
          'no_electronic_contact',
          'the subscriber has no e-mail address on file',
        );
        this.logger.warn({ messageId: msg.id }, 'message cancelled: no e-mail address');
        return 'cancelled';
      case 'compose-failed': {
        // A template or data fault will not heal by retrying. Its message may quote the data it
        // was composing (a name): only the error's class is kept.
        const kind = r.error instanceof Error ? r.error.name : 'error';
        await this.repo.markDead(msg.id, `compose failed (${kind})`, 'other');
        this.logger.error({ messageId: msg.id, error: kind }, 'message could not be composed');
        return 'dead';
      }
      case 'not-handed': {
        // Nothing left the process: the row waits again (or is recovered once the database is
        // back, if it cannot be told now).
        const { note } = describeFailure(r.error);
        await this.claimsRepo.releaseClaim(claimId, [msg.id], note).catch(() => undefined);
        this.logger.warn({ messageId: msg.id, error: note }, 'message not handed over; released');
        return 'released';
      }
      case 'send-failed':
        return this.settleSendFailure(msg, claimId, r.error);
      case 'accepted':
        // SMTP accepted: record it (grouped with other acceptances, retried until the database
        // answers); never "retry the send".
        await this.acks.add({
          id: msg.id,
          sentAt: new Date(),
          transportMessageId: r.transportMessageId,
          ...r.record,
        });
        this.logger.log({ messageId: msg.id }, 'message sent');
        return 'sent';
    }
  }

  // A refused or interrupted send: dead when permanent or out of attempts, else retried later.
  private async settleSendFailure(
    msg: MessageRow,
    claimId: string,
    error: unknown,
  ): Promise<DeliveryOutcome> {
    const f = describeFailure(error);
    // The server's words may name the subscriber: they go to legal's table only; the row,
    // the desk and the log get the category (issue #16).
    await this.replies
      .record({
        messageId: msg.id,
        attempt: msg.attempts,
        replyCode: f.replyCode,
        enhancedStatus: f.enhancedStatus,
        category: f.category,
        raw: f.raw,
      })
      .catch((err: Error) =>
        this.logger.warn(
          { messageId: msg.id, error: err.name },
          'raw SMTP reply not recorded for legal staff',
        ),
      );
    // SMTP answered (a reply code), or the connection never opened: nothing was delivered.
    // Otherwise the reply was lost after the message was handed over: outcome unknown.
    const refused = smtpAnswered(error);
    if (f.permanent || msg.attempts >= this.config.messaging.attempts) {
      const note = f.permanent
        ? f.note
        : `last attempt: ${refused ? f.note : `${f.note}; ${INTERRUPTED_NOTE}`}`;
      await this.repo.markDead(msg.id, note, f.category);
      this.logger.warn(
        { messageId: msg.id, category: f.category, replyCode: f.replyCode },
        'message dead-lettered',
      );
      return 'dead';
    }
    const delay = Math.min(
      MAX_BACKOFF_MS,
      this.config.messaging.backoffMs * 2 ** Math.max(0, msg.attempts - 1),
    );
    await this.repo.markRetrying(
      msg.id,
      claimId,
      f.note,
      new Date(Date.now() + delay),
      refused,
      f.category,
    );
    this.logger.warn(
      {
        messageId: msg.id,
        category: f.category,
        replyCode: f.replyCode,
        retryInMs: delay,
        outcomeKnown: refused,
      },
      'send failed, will retry',
    );
    return 'retrying';
  }
}

function reconciledRecord(id: string, header: string) {
  return {
    id,
    sentAt: new Date(),
    transportMessageId: 'reconciled',
    messageIdHeader: header,
    subject: '',
    textSha256: '',
    htmlSha256: '',
    language: '',
  };
}

// Whether the message is known not to have been taken: SMTP answered with a reply code, or the
// connection failed before any message could go (connecting, or waiting for the greeting).
// Anything else (a socket timeout, a connection closed during DATA) leaves the outcome unknown.
function smtpAnswered(e: unknown): boolean {
  const err = e as { responseCode?: number; timeoutType?: string; syscall?: string };
  return (
    typeof err.responseCode === 'number' ||
    err.timeoutType === 'CONNECTION_TIMEOUT' ||
    err.timeoutType === 'GREETING_TIMEOUT' ||
    err.syscall === 'connect'
  );
}

type SlotResult =
  | { kind: 'no-address' }
  | { kind: 'claim-lost' }
  | { kind: 'not-handed'; error: unknown }
  | { kind: 'compose-failed'; error: unknown }
  | { kind: 'send-failed'; error: unknown }
  | { kind: 'accepted'; transportMessageId: string; record: ComposedRecord };
