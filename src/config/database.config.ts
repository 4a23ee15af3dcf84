import { IsOptional, Matches } from 'class-validator';
import { IDENTITY_ROLE, OWNER_ROLE } from '../database/role-names';
import { ConfigPart, readConfigPart } from './config-part';

// The service's own role (issue 16): plain DML, INSERT and SELECT only on the audit log, no
// identity schema, owns nothing. The owner runs migrations; the identity role serves only
// IdentityService. Unset, the other two are DATABASE_URL with the user notice_relay_owner
// or notice_relay_identity and no password (the quick start's trust authentication).
export class DatabaseEnv {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://notice_relay_app@127.0.0.1:5432/notice_relay';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'MIGRATION_DATABASE_URL must be a postgres:// URL',
  })
  MIGRATION_DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'IDENTITY_DATABASE_URL must be a postgres:// URL',
  })
  IDENTITY_DATABASE_URL?: string;

  // A superuser, only for `db:roles` (creates the roles and the database).
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_ADMIN_URL must be a postgres:// URL' })
  DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
}

// url: the service role; identityUrl: IdentityService's own connection; migrationUrl: the
// owner; adminUrl: a superuser for `db:roles` only.
export interface DatabaseConfig {
  url: string;
  identityUrl: string;
  migrationUrl: string;
  adminUrl: string;
}

// The same server and database as another role's URL, as `user` without a password.
function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

export function readDatabaseConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<DatabaseEnv, DatabaseConfig> {
  const optional = ['MIGRATION_DATABASE_URL', 'IDENTITY_DATABASE_URL'] as const;
  return readConfigPart(DatabaseEnv, env, optional, (vars) => ({
    url: vars.DATABASE_URL,
    identityUrl: vars.IDENTITY_DATABASE_URL ?? withUser(vars.DATABASE_URL, IDENTITY_ROLE),
    migrationUrl: vars.MIGRATION_DATABASE_URL ?? withUser(vars.DATABASE_URL, OWNER_ROLE),
    adminUrl: vars.DATABASE_ADMIN_URL,
  }));
}
