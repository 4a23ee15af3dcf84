import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { loadConfig } from '../../../config/app-config';
import { MailAuthService } from './mail-auth.service';

// Real DKIM signatures with a test key; DNS answered in process (no network).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const PRIVATE = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const DNS: Record<string, string[][]> = {
  'sel._domainkey.vendor.example': [[`v=DKIM1; k=rsa; p=${PUBLIC}`]],
  '_dmarc.vendor.example': [['v=DMARC1; p=reject']],
  'sel._domainkey.attacker.example': [[`v=DKIM1; k=rsa; p=${PUBLIC}`]],
  'sel._domainkey.upstream-relay.example': [[`v=DKIM1; k=rsa; p=${PUBLIC}`]],
};

async function resolver(name: string, type: string): Promise<string[][]> {
  const answer = type === 'TXT' ? DNS[name.toLowerCase()] : undefined;
  if (answer) return answer;
  throw Object.assign(new Error(`${type} ${name}: not found`), { code: 'ENOTFOUND' });
}

function message(from: string, extraHeaders = ''): string {
  return (
    `${extraHeaders}From: Notices <${from}>\r\nTo: abuse@isp.example\r\nSubject: Notice 1\r\n` +
    'Date: Sun, 04 Oct 2026 21:20:11 +0000\r\nMessage-ID: <m1@vendor.example>\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n\r\nNotice ID: 1\r\nIP Address: 203.0.113.47\r\n'
  );
}

async function signed(raw: string, domain: string): Promise<Buffer> {
  const res = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signatureData: [{ signingDomain: domain, selector: 'sel', privateKey: PRIVATE }],
  } as never);
  expect(res.signatures).toContain(`d=${domain}`);
  expect(res.errors).toEqual([]);
  return Buffer.from(res.signatures + raw);
}

function service(env: NodeJS.ProcessEnv = {}): MailAuthService {
  const config = loadConfig({ NODE_ENV: 'test', MAIL_AUTH: 'verify', ...env });
  return new MailAuthService(config, resolver);
}

// RSA signing and verification are slow on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('MailAuthService', () => {
  it('trusts a From domain whose DKIM signature passes and aligns (DMARC pass)', async () => {
    const v = await service().check(await signed(message('n@vendor.example'), 'vendor.example'));
    expect(v).toMatchObject({ trusted: true, how: 'dmarc', fromDomain: 'vendor.example' });
  });

  it('refuses a signature that fails (the body was changed after signing)', async () => {
    const good = (await signed(message('n@vendor.example'), 'vendor.example')).toString();
    const tampered = Buffer.from(good.replace('203.0.113.47', '203.0.113.48'));
    const v = await service().check(tampered);
    expect(v.trusted).toBe(false);
    expect(v.reason).toMatch(/DKIM signature of vendor\.example did not verify: (fail|neutral)/);
    expect(v.reason).toContain('DMARC fail for vendor.example');
  });

  it('refuses a mail with no signature', async () => {
    const v = await service().check(Buffer.from(message('n@vendor.example')));
    expect(v.trusted).toBe(false);
    expect(v.reason).toContain('no DKIM signature');
  });

  it('refuses a forged From: signed by another domain', async () => {
    const v = await service().check(await signed(message('n@vendor.example'), 'attacker.example'));
    expect(v.trusted).toBe(false);
    expect(v.reason).toContain(
      'the From domain vendor.example is not aligned with the DKIM signature of attacker.example',
    );
  });

  it('trusts a configured relay that signed the mail', async () => {
    const raw = await signed(message('n@vendor.example'), 'upstream-relay.example');
    expect((await service().check(raw)).trusted).toBe(false);
    const v = await service({ MAIL_TRUSTED_RELAYS: 'upstream-relay.example' }).check(raw);
    expect(v).toMatchObject({ trusted: true, how: 'trusted-relay' });
  });

  it("trusts only the ISP's own MTA's Authentication-Results, and only on top", async () => {
    const ours =
      'Authentication-Results: mx.isp.example; dmarc=pass header.from=vendor.example\r\n';
    const raw = Buffer.from(message('n@vendor.example', ours));
    expect((await service().check(raw)).trusted).toBe(false);
    const s = service({ MAIL_AUTH_SERVERS: 'mx.isp.example' });
    expect(await s.check(raw)).toMatchObject({ trusted: true, how: 'authentication-results' });
    const failed = message(
      'n@vendor.example',
      'Authentication-Results: mx.isp.example; dmarc=fail header.from=vendor.example\r\n',
    );
    const v = await s.check(Buffer.from(failed));
    expect(v.trusted).toBe(false);
    expect(v.reason).toContain('mx.isp.example found dmarc=fail');
    // A forged header below another server's is not the top one: not trusted.
    const below = Buffer.from(
      message('n@vendor.example', `Authentication-Results: mx.other.example; none\r\n${ours}`),
    );
    expect((await s.check(below)).trusted).toBe(false);
  });
});
