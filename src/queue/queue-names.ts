// Every queue the service uses. Payloads carry ids only; handlers reload state (STYLE.md).
export enum QueueName {
  Maintenance = 'maintenance',
  Retention = 'retention',
  Intake = 'intake',
  Mail = 'mail',
}

export enum MailJob {
  // Payload { messageId }: one outbound_messages row; jobId = message id. Only jobs queued
  // before batches; still processed.
  Send = 'send',
  // Payload { batchId, messageIds }: up to MAIL_BATCH_SIZE rows owned by the batch;
  // jobId = batchId.
  SendBatch = 'send-batch',
}

export enum MaintenanceJob {
  PurgeSessions = 'purge-sessions',
}

export enum RetentionJob {
  Purge = 'purge',
}

export enum IntakeJob {
  // payload { noticeIds }: attribute those notices' items still `accepted`, in one batch.
  AttributeNotices = 'attribute-notices',
  // payload { noticeId }: the one-notice job of earlier versions, still run if one is queued.
  AttributeNotice = 'attribute-notice',
  // Repeatable: let queued items through as their sender's quota window frees up (IN-6).
  ReleaseQueued = 'release-queued',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
