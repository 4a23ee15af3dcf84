// Every queue the service uses. Payloads carry ids only; handlers reload state (STYLE.md).
export enum QueueName {
  Maintenance = 'maintenance',
  Retention = 'retention',
}

export enum MaintenanceJob {
  PurgeSessions = 'purge-sessions',
}

export enum RetentionJob {
  Purge = 'purge',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
