import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SentRecord, MessageRow, WarningFactRow } from './delivery.repository';
import type { Contact, MessageComposer } from './message-composer';

// What one message needs to be composed: the outbox row, its warning facts and the contact
// details read for it (audited, by the delivery service; held in memory only).
export interface ComposeJob {
  msg: MessageRow;
  facts: readonly WarningFactRow[];
  who: Contact;
}

// What the acknowledgement records about a message, known once it is composed.
export type ComposedRecord = Omit<SentRecord, 'id' | 'sentAt' | 'transportMessageId'>;

// A message ready for SMTP: the finished RFC 5322 bytes and the envelope, with what the
// acknowledgement records about it. The transport only streams the bytes.
export interface PreparedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  record: ComposedRecord;
}

// null: the subscriber has no e-mail address on file. Throws on a template or data fault.
// Runs on a compose thread (compose-thread.ts) or, with MAIL_COMPOSE_THREADS=0, inline.
export async function prepareMail(
  composer: MessageComposer,
  job: ComposeJob,
): Promise<PreparedMail | null> {
  const composed = composer.compose(job.msg, job.facts, job.who);
  if (!composed) return null;
  const { masked, ...mail } = composed;
  const node = new MailComposer(mail).compile();
  const envelope = node.getEnvelope() as { from: string | false; to: string[] };
  const raw = await new Promise<Buffer>((resolve, reject) =>
    node.build((e, message) => (e ? reject(e) : resolve(message))),
  );
  return {
    envelope: { from: envelope.from || '', to: envelope.to },
    raw,
    record: {
      messageIdHeader: String(mail.messageId),
      subject: mail.subject,
      textSha256: sha256(mail.text),
      htmlSha256: sha256(mail.html),
      language: mail.language,
      maskedSubject: masked.subject,
      maskedText: masked.text,
      maskedHtml: masked.html,
    },
  };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// Structured cloning (postMessage between threads) hands Buffers over as plain Uint8Arrays.
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
