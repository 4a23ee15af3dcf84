import { DataSource, DataSourceOptions } from 'typeorm';
import { ApiKey } from '../modules/auth/entities/api-key.entity';
import { Session } from '../modules/auth/entities/session.entity';
import { Organisation } from '../modules/accounts/entities/organisation.entity';
import { RepresentedOwner } from '../modules/accounts/entities/represented-owner.entity';
import { User } from '../modules/accounts/entities/user.entity';
import { Accounts1763800000000 } from './migrations/1763800000000-accounts';
import { Leases1763800000001 } from './migrations/1763800000001-leases';
import { Notices1763800000002 } from './migrations/1763800000002-notices';
import { Disclosure1763800000300 } from './migrations/1763800000300-disclosure';
import { Intake1763800000100 } from './migrations/1763800000100-intake';
import { Messaging1763800000200 } from './migrations/1763800000200-messaging';
import { PortalStats1796031690384 } from './migrations/1796031690384-portal-stats';
import { MailBatches1796031740725 } from './migrations/1796031740725-mail-batches';
import { LeaseSourceLongestBinding1796032783837 } from './migrations/1796032783837-lease-source-longest-binding';
import { LeaseSourceLatestCover1796033400000 } from './migrations/1796033400000-lease-source-latest-cover';
import { NoticeItemHeld1796050000000 } from './migrations/1796050000000-notice-item-held';
import { CaseSearch1796090000000 } from './migrations/1796090000000-case-search';
import { CaseWork1796090000001 } from './migrations/1796090000001-case-work';
import { ChallengeOnce1796150000000 } from './migrations/1796150000000-challenge-once';
import { SentMessageCopy1796160000000 } from './migrations/1796160000000-sent-message-copy';
import { PasswordResets1796160000100 } from './migrations/1796160000100-password-resets';
import { AuditLogFilters1796230000000 } from './migrations/1796230000000-audit-log-filters';
import { CaseSearchNoticeCover1796230000100 } from './migrations/1796230000100-case-search-notice-cover';
import { LeaseImportSkippedSourceZone1796040000000 } from './migrations/1796040000000-lease-import-skipped-source-zone';
import { Blocking1796080000000 } from './migrations/1796080000000-blocking';
import { DurableOutbox1796070000000 } from './migrations/1796070000000-durable-outbox';
import { IdentityControls1796060000000 } from './migrations/1796060000000-identity-controls';
import { AuditCheckpoints1796060000100 } from './migrations/1796060000100-audit-checkpoints';
import { NatBlockProtocol1796100000000 } from './migrations/1796100000000-nat-block-protocol';
import { OrderDocumentFrozen1796130000000 } from './migrations/1796130000000-order-document-frozen';
import { SmtpFailureReplies1796130000100 } from './migrations/1796130000100-smtp-failure-replies';
import { LeastPrivilegeRoles1796110000000 } from './migrations/1796110000000-least-privilege-roles';
import { AuditGaplessSeq1796110000100 } from './migrations/1796110000100-audit-gapless-seq';
import { IdentityPackagesAndReplies1796170000000 } from './migrations/1796170000000-identity-packages-and-replies';

export const ENTITIES = [Organisation, RepresentedOwner, User, ApiKey, Session];
// Listed explicitly (not globbed) so ts-jest, ts-node and the built dist all see the same set.
export const MIGRATIONS = [
  Accounts1763800000000,
  Leases1763800000001,
  Notices1763800000002,
  Intake1763800000100,
  Messaging1763800000200,
  Disclosure1763800000300,
  PortalStats1796031690384,
  MailBatches1796031740725,
  LeaseSourceLongestBinding1796032783837,
  LeaseSourceLatestCover1796033400000,
  LeaseImportSkippedSourceZone1796040000000,
  NoticeItemHeld1796050000000,
  IdentityControls1796060000000,
  AuditCheckpoints1796060000100,
  DurableOutbox1796070000000,
  Blocking1796080000000,
  CaseSearch1796090000000,
  CaseWork1796090000001,
  NatBlockProtocol1796100000000,
  LeastPrivilegeRoles1796110000000,
  AuditGaplessSeq1796110000100,
  OrderDocumentFrozen1796130000000,
  SmtpFailureReplies1796130000100,
  ChallengeOnce1796150000000,
  SentMessageCopy1796160000000,
  PasswordResets1796160000100,
  IdentityPackagesAndReplies1796170000000,
  AuditLogFilters1796230000000,
  CaseSearchNoticeCover1796230000100,
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, application_name: 'notice-relay' },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
