import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const SECRET_KEY_MIN_LENGTH = 32;

export class SecretKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyFileError';
  }
}

// The service's own SECRET_KEY when none is configured (issue 16): made at the first start and
// kept in `path` (mode 0600), so challenge links, CSRF tokens and audit checkpoints are never
// signed with a value published in the source. Creation is atomic: the new key is written in
// full to a private temporary file, which is then hard-linked to `path`; link() fails when
// `path` exists, so of several processes starting at once exactly one key wins and every
// process (the losers included) reads that one back.
export function readOrCreateSecretKey(path: string): string {
  const existing = readKey(path);
  if (existing !== null) return existing;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(48).toString('base64url')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another process made it first: its key is the key.
  } finally {
    unlinkSync(tmp);
  }
  const key = readKey(path);
  if (key === null) throw new SecretKeyFileError(`SECRET_KEY_FILE ${path} could not be created`);
  return key;
}

function readKey(path: string): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  // Like ssh with a private key: a key others may read is not a secret any more.
  if ((mode & 0o077) !== 0) {
    throw new SecretKeyFileError(
      `SECRET_KEY_FILE ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); ` +
        'make it private with chmod 600',
    );
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < SECRET_KEY_MIN_LENGTH) {
    throw new SecretKeyFileError(
      `SECRET_KEY_FILE ${path} holds fewer than ${SECRET_KEY_MIN_LENGTH} characters`,
    );
  }
  return key;
}
