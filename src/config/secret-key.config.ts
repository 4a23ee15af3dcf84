import { IsOptional, IsString, MinLength } from 'class-validator';
import { ConfigError } from './config-error';
import { ConfigPart, readConfigPart } from './config-part';
import { readOrCreateSecretKey, SecretKeyFileError } from './secret-key-file';
import { NodeEnv } from './service.config';

// Published in the source: accepted only with NODE_ENV=development, and never used unless set.
// Without SECRET_KEY the service makes its own key at first start (SECRET_KEY_FILE, issue 16).
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production-0000';

export class SecretKeyEnv {
  @IsOptional()
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters' })
  SECRET_KEY?: string;

  // Where the generated SECRET_KEY is kept when none is configured (mode 0600, made atomically).
  @IsString()
  SECRET_KEY_FILE = 'var/secret-key';
}

// The configured SECRET_KEY, or the one kept in (or first made in) SECRET_KEY_FILE.
export function readSecretKeyConfig(
  env: NodeJS.ProcessEnv,
  nodeEnv: NodeEnv,
): ConfigPart<SecretKeyEnv, string> {
  const part = readConfigPart(SecretKeyEnv, env, ['SECRET_KEY'], secretKeyOf);
  if (nodeEnv !== 'development' && part.vars.SECRET_KEY === DEVELOPMENT_SECRET) {
    part.problems.push(
      'SECRET_KEY is the published development value, refused outside NODE_ENV=development; ' +
        'set a private value or leave it unset to use a generated SECRET_KEY_FILE',
    );
  }
  return part;
}

function secretKeyOf(vars: SecretKeyEnv): string {
  if (vars.SECRET_KEY !== undefined) return vars.SECRET_KEY;
  try {
    return readOrCreateSecretKey(vars.SECRET_KEY_FILE);
  } catch (e) {
    const reason = e instanceof SecretKeyFileError ? e.message : (e as Error).message;
    throw new ConfigError([`SECRET_KEY is unset and SECRET_KEY_FILE failed: ${reason}`]);
  }
}
