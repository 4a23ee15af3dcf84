import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { systemActor } from '../../identity/audit.types';
import { IdentityService } from '../../identity/identity.service';
import { MessageRow, MessagingRepository, WarningFactRow } from '../messaging.repository';
import { MAIL_TRANSPORT } from '../messaging.tokens';
import { AckBatcher, Limiter } from './ack-batcher';
import { ComposePool, ComposeThreadError } from './compose-pool';
import { Contact, MessageComposer } from './message-composer';
import { describeFailure, MailTransport } from './mail-transport';
import { ComposedRecord, PreparedMail } from './prepared-mail';

export type DeliveryOutcome = 'sent' | 'skipped' | 'missing' | 'parked' | 'dead' | 'cancelled';

// Thrown for a failure worth retrying (4xx, connection); Bull retries with backoff.
export class TransientSendError extends Error {}

export const INTERRUPTED_NOTE =
  'send interrupted after the message was handed to SMTP; outcome unknown: check the mail log ' +
  'for its Message-ID before retrying';

export interface MailBatch {
  // The relay batch (Bull job id) that owns the rows; null to act on the rows whatever their
  // batch (a single-message job queued before batches, a direct call).
  batchId: string | null;
  messageIds: readonly string[];
}

// Sends outbox rows, a batch at a time. Idempotent: rows are claimed ('sending') before SMTP
// and marked 'sent' right after acceptance; a rerun finds 'sent' and does nothing. A rerun
// that finds its row 'sending' (the process died between SMTP acceptance and the update) does
// not resend blindly: the transport is asked whether that Message-ID was accepted, and if it
// cannot tell, the row is parked as dead for the desk (at most once; see docs/messaging.md).
//
// Database work is per batch: one claim, one audited identity transaction (one audit entry per
// message), one facts query; acknowledgements are grouped as they come (AckBatcher).
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);
  private readonly acks: AckBatcher;
  private readonly sends: Limiter;
  // Messages being composed or composed and waiting for a send slot: enough that a free slot
  // finds one ready, few enough that composed mail does not pile up in memory.
  private readonly window: Limiter;

  constructor(
    private readonly repo: MessagingRepository,
    private readonly identity: IdentityService,
    private readonly composer: MessageComposer,
    private readonly pool: ComposePool,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {
    this.sends = new Limiter(config.messaging.concurrency);
    this.window = new Limiter(2 * config.messaging.concurrency);
    this.acks = new AckBatcher(
      (records) => this.repo.markSent(records),
      undefined,
      () => this.window.inFlight > 0,
    );
  }

  messageIdHeader(id: string): string {
    return this.composer.messageIdHeader(id);
  }

  // One message (a job from before batches, the CLI, tests).
  async deliver(id: string, opts: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    const outcomes = await this.deliverBatch({ batchId: null, messageIds: [id] }, opts);
    return outcomes.get(id) ?? 'missing';
  }

  // Every message of the batch reaches a recorded state before this returns. Throws
  // TransientSendError when some message should be tried again (the others are done: a rerun
  // skips them), or the acknowledgement's error when an accepted send could not be recorded.
  async deliverBatch(
    batch: MailBatch,
    opts: { lastAttempt: boolean },
  ): Promise<Map<string, DeliveryOutcome>> {
    const ids = [...new Set(batch.messageIds)];
    const outcomes = new Map<string, DeliveryOutcome>();
    const claimed = await this.repo.claimMessages(ids, batch.batchId);
    const claimedIds = new Set(claimed.map((m) => m.id));
    const others = ids.filter((id) => !claimedIds.has(id));
    if (others.length) {
      const current = new Map((await this.repo.findMessages(others)).map((m) => [m.id, m]));
      for (const id of others) {
        const m = current.get(id);
        const ours = m && (batch.batchId === null || m.batchId === batch.batchId);
        if (!m) outcomes.set(id, 'missing');
        else if (m.status === 'sending' && ours) outcomes.set(id, await this.reconcile(m, batch));
        else outcomes.set(id, 'skipped');
      }
    }
    if (claimed.length === 0) return outcomes;

    let loaded: { contacts: Contact[]; facts: Map<string, WarningFactRow[]> };
    try {
      loaded = await this.load(claimed);
    } catch (e) {
      // Nothing was sent: hand the rows back for the retry instead of leaving them 'sending'.
      const { note } = describeFailure(e);
      for (const m of claimed) {
        if (opts.lastAttempt) await this.repo.markDead(m.id, `load: ${note}`);
        else await this.repo.markRetrying(m.id, `load: ${note}`);
      }
      this.logger.warn({ messages: claimed.length, error: note }, 'batch could not be loaded');
      throw new TransientSendError(note);
    }

    // Every send settles first; then an unrecorded acceptance or a retryable failure fails the
    // job (Bull retries it; the rows already done are skipped on the rerun).
    const retries: string[] = [];
    const ackErrors: Error[] = [];
    await Promise.all(
      claimed.map(async (msg, i) => {
        try {
          const r = await this.sendOne(
            msg,
            loaded.facts.get(msg.id) ?? [],
            loaded.contacts[i],
            opts,
          );
          if (r.retry) retries.push(r.retry);
          outcomes.set(msg.id, r.outcome);
        } catch (e) {
          ackErrors.push(e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    if (ackErrors.length) throw ackErrors[0];
    if (retries.length) throw new TransientSendError(retries[0]);
    return outcomes;
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
    facts: WarningFactRow[],
    who: Contact,
    opts: { lastAttempt: boolean },
  ): Promise<{ outcome: DeliveryOutcome; retry?: string }> {
    const r = await this.window.run(async (): Promise<SlotResult> => {
      let mail: PreparedMail | null;
      try {
        mail = await this.pool.prepare({ msg, facts, who });
      } catch (e) {
        // A lost compose thread is not the message's fault: retried like a lost connection.
        if (e instanceof ComposeThreadError) return { kind: 'send-failed', error: e };
        return { kind: 'compose-failed', error: e };
      }
      if (!mail) return { kind: 'no-address' };
      const { envelope, raw, record } = mail;
      return this.sends.run(async (): Promise<SlotResult> => {
        try {
          const accepted = await this.transport.send({
            envelope,
            raw,
            messageId: record.messageIdHeader,
          });
          return { kind: 'accepted', transportMessageId: accepted.transportMessageId, record };
        } catch (e) {
          return { kind: 'send-failed', error: e };
        }
      });
    });

    if (r.kind === 'no-address') {
      await this.repo.cancelUndeliverable(
        msg.id,
        'no_electronic_contact',
        'the subscriber has no e-mail address on file',
      );
      this.logger.warn({ messageId: msg.id }, 'message cancelled: no e-mail address');
      return { outcome: 'cancelled' };
    }
    if (r.kind === 'compose-failed') {
      // A template or data fault will not heal by retrying.
      const { note } = describeFailure(r.error);
      await this.repo.markDead(msg.id, `compose: ${note}`);
      this.logger.error({ messageId: msg.id, error: note }, 'message could not be composed');
      return { outcome: 'dead' };
    }
    if (r.kind === 'send-failed') {
      const f = describeFailure(r.error);
      if (f.permanent || opts.lastAttempt) {
        await this.repo.markDead(msg.id, f.note);
        this.logger.warn({ messageId: msg.id, error: f.note }, 'message dead-lettered');
        return { outcome: 'dead' };
      }
      await this.repo.markRetrying(msg.id, f.note);
      this.logger.warn({ messageId: msg.id, error: f.note }, 'send failed, will retry');
      return { outcome: 'skipped', retry: f.note };
    }
    // SMTP accepted: record it (grouped with other acceptances); never "retry the send".
    await this.acks.add({
      id: msg.id,
      sentAt: new Date(),
      transportMessageId: r.transportMessageId,
      ...r.record,
    });
    this.logger.log({ messageId: msg.id }, 'message sent');
    return { outcome: 'sent' };
  }

  private async reconcile(msg: MessageRow, batch: MailBatch): Promise<DeliveryOutcome> {
    const header = this.messageIdHeader(msg.id);
    const known = await this.transport.wasAccepted(header);
    if (known === false && (await this.repo.claimForSendingAfterInterruption(msg.id))) {
      // The transport can tell it never took the message: sending is safe.
      const again = await this.deliverBatch(
        { batchId: batch.batchId, messageIds: [msg.id] },
        { lastAttempt: false },
      );
      return again.get(msg.id) ?? 'missing';
    }
    if (known === true) {
      await this.repo.markSent([
        {
          id: msg.id,
          sentAt: new Date(),
          transportMessageId: 'reconciled',
          messageIdHeader: header,
          subject: '',
          textSha256: '',
          htmlSha256: '',
          language: '',
        },
      ]);
      return 'sent';
    }
    await this.repo.markDead(msg.id, INTERRUPTED_NOTE);
    this.logger.warn({ messageId: msg.id }, 'interrupted send parked for the desk');
    return 'parked';
  }
}

type SlotResult =
  | { kind: 'no-address' }
  | { kind: 'compose-failed'; error: unknown }
  | { kind: 'send-failed'; error: unknown }
  | { kind: 'accepted'; transportMessageId: string; record: ComposedRecord };
