// Every queue the service uses. Payloads carry ids only; handlers reload state (STYLE.md).
export enum QueueName {
  Maintenance = 'maintenance',
  Mail = 'mail',
}

export enum MailJob {
  // Payload { messageId }: one outbound_messages row; jobId = message id.
  Send = 'send',
}

export enum MaintenanceJob {
  PurgeSessions = 'purge-sessions',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
