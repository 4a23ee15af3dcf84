import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';

// A test DKIM key and an in-process DNS: signed mail verifies with no network.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const PRIVATE = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export const SELECTOR = 'test2026';

export function testDnsResolver(signingDomains: string[], dmarcDomains: string[]) {
  const records = new Map<string, string[][]>();
  for (const d of signingDomains) {
    records.set(`${SELECTOR}._domainkey.${d}`, [[`v=DKIM1; k=rsa; p=${PUBLIC}`]]);
  }
  for (const d of dmarcDomains) records.set(`_dmarc.${d}`, [['v=DMARC1; p=reject']]);
  return (name: string, type: string): Promise<string[][]> => {
    const answer = type === 'TXT' ? records.get(name.toLowerCase()) : undefined;
    if (answer) return Promise.resolve(answer);
    return Promise.reject(Object.assign(new Error(`${type} ${name}`), { code: 'ENOTFOUND' }));
  };
}

export async function dkimSigned(raw: Buffer | string, domain: string): Promise<Buffer> {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const res = await dkimSign(text, {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signatureData: [{ signingDomain: domain, selector: SELECTOR, privateKey: PRIVATE }],
  } as never);
  if (res.errors.length > 0 || !res.signatures) throw new Error('DKIM signing failed');
  return Buffer.from(res.signatures + text, 'latin1');
}
