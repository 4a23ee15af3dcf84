import type { Job, JobOptions, Queue } from 'bull';

// Every queue the service uses. Payloads carry ids only; handlers reload state (STYLE.md).
export enum QueueName {
  Maintenance = 'maintenance',
  Retention = 'retention',
  Intake = 'intake',
  Mail = 'mail',
}

export enum MailJob {
  // Up to MAIL_BATCH_SIZE outbound_messages rows owned by the batch; jobId = batchId.
  SendBatch = 'send-batch',
}

export enum MaintenanceJob {
  PurgeSessions = 'purge-sessions',
}

export enum RetentionJob {
  Purge = 'purge',
}

export enum IntakeJob {
  // Attribute those notices' items still `accepted`, in one batch.
  AttributeNotices = 'attribute-notices',
  // Repeatable: let queued items through as their sender's quota window frees up (IN-6).
  ReleaseQueued = 'release-queued',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

// What each job carries: ids only, never identity (handlers reload the rows). Producers and
// processors both type their payloads from this map, so a change to one is a compile error in
// the other.
export interface JobPayloads {
  [MailJob.SendBatch]: { batchId: string; messageIds: string[] };
  [IntakeJob.AttributeNotices]: { noticeIds: string[] };
  [IntakeJob.ReleaseQueued]: Record<string, never>;
  [MaintenanceJob.PurgeSessions]: Record<string, never>;
  [RetentionJob.Purge]: Record<string, never>;
}

export type JobName = keyof JobPayloads;
export type PayloadOf<N extends JobName> = JobPayloads[N];

// Adds a job whose payload is checked against its name (producers use this, not queue.add).
export function addJob<N extends JobName>(
  queue: Queue<PayloadOf<N>>,
  name: N,
  data: PayloadOf<N>,
  opts?: JobOptions,
): Promise<Job<PayloadOf<N>>> {
  return queue.add(name, data, opts);
}
