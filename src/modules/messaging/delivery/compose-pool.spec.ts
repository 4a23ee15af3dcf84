import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../../config/app-config';
import { MessageRow, WarningFactRow } from './delivery.repository';
import { DEFAULT_POLICY } from '../policy/messaging-policy';
import { TemplateRenderer } from '../rendering/template-renderer';
import { ComposeFault, ComposePool, ComposeThreadError } from './compose-pool';
import { MessageComposer } from './message-composer';
import { PreparedMail, prepareMail } from './prepared-mail';

const TEMPLATES = join(__dirname, '../../../../templates');
// Bytes that must reach the subscriber unaltered (the Canadian regime attaches the original).
const ORIGINAL = Buffer.from('<?xml version="1.0"?><Infringement>Film X – été</Infringement>\n');

function setUp(threads: number) {
  const config = loadConfig({
    TEMPLATES_DIR: TEMPLATES,
    MAIL_COMPOSE_THREADS: String(threads),
    MAIL_FROM: 'Abuse Desk <abuse@isp.example>',
  });
  const composer = new MessageComposer(config, DEFAULT_POLICY, new TemplateRenderer(TEMPLATES));
  return { composer, pool: new ComposePool(config, DEFAULT_POLICY, composer) };
}

function job(over: Partial<MessageRow> = {}, email: string | null = 'sam@subscriber.example') {
  const id = randomUUID();
  const msg: MessageRow = {
    id,
    subscriberAccountId: randomUUID(),
    kind: 'warning',
    template: 'warning',
    regime: 'ca',
    stage: 1,
    context: { strikeCount: 1 },
    status: 'sending',
    attempts: 0,
    createdAt: new Date('2026-10-05T08:00:00Z'),
    batchId: null,
    claimId: null,
    handedAt: null,
    possibleDuplicate: false,
    ...over,
  };
  const fact: WarningFactRow = {
    messageId: id,
    noticeId: randomUUID(),
    reference: 'NR-2026-000123',
    claimant: 'Vendor Ltd',
    owner: 'Film Owner Inc',
    mediaType: 'application/xml',
    original: ORIGINAL,
    itemId: randomUUID(),
    observedAt: new Date('2026-10-04T21:13:07Z'),
    ip: '203.0.113.7',
    port: 51413,
    protocol: 'BitTorrent',
    title: 'Film X',
    fileName: 'Film.X.2026.mkv',
  };
  return { msg, facts: [fact], who: { email, language: 'fr', fullName: 'Sam Exemple' } };
}

async function parsed(p: PreparedMail | null) {
  if (!p) throw new Error('expected a message');
  const m = await simpleParser(p.raw);
  return {
    envelope: p.envelope,
    record: p.record,
    subject: m.subject,
    from: m.from?.text,
    to: Array.isArray(m.to) ? m.to.map((a) => a.text) : m.to?.text,
    messageId: m.messageId,
    language: m.headers.get('content-language'),
    references: m.headers.get('x-notice-references'),
    text: m.text,
    html: m.html,
    attachments: m.attachments.map((a) => ({ name: a.filename, content: a.content })),
  };
}

function threadsOf(pool: ComposePool): Worker[] {
  return (pool as unknown as { threads: Array<{ worker: Worker }> }).threads.map((t) => t.worker);
}

describe('ComposePool', () => {
  let pool: ComposePool;
  let composer: MessageComposer;

  beforeAll(async () => {
    ({ pool, composer } = setUp(2));
    await pool.start();
  }, 60_000);

  afterAll(() => pool.onModuleDestroy());

  it('starts the configured threads, each having compiled the templates', () => {
    expect(pool.threadCount).toBe(2);
  });

  it('builds on a thread the very message composed inline, original attached byte for byte', async () => {
    const j = job();
    const [viaThread, inline] = await Promise.all([pool.prepare(j), prepareMail(composer, j)]);
    const a = await parsed(viaThread);
    expect(a).toEqual(await parsed(inline));
    expect(a.subject).toBeTruthy();
    expect(a.to).toBe('sam@subscriber.example');
    expect(a.envelope).toEqual({ from: 'abuse@isp.example', to: ['sam@subscriber.example'] });
    expect(a.messageId).toBe(a.record.messageIdHeader);
    expect(a.language).toBe('fr');
    expect(a.references).toBe('NR-2026-000123');
    expect(a.attachments).toHaveLength(1);
    expect(Buffer.compare(a.attachments[0].content, ORIGINAL)).toBe(0);
    expect(a.record.textSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('spreads messages over the threads and keeps each answer with its message', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => job({}, `subscriber${i}@subscriber.example`));
    const out = await Promise.all(jobs.map((j) => pool.prepare(j)));
    out.forEach((p, i) => {
      expect(p?.envelope.to).toEqual([`subscriber${i}@subscriber.example`]);
      expect(p?.record.messageIdHeader).toContain(jobs[i].msg.id);
    });
  });

  it('answers null when the subscriber has no e-mail address', async () => {
    await expect(pool.prepare(job({}, null))).resolves.toBeNull();
  });

  it('reports a template fault as thrown inline, and goes on composing', async () => {
    const bad = job({ template: 'no-such-template' });
    const inline = await prepareMail(composer, bad).then(
      () => null,
      (e: Error) => e,
    );
    expect(inline).toBeInstanceOf(Error);
    const viaThread = await pool.prepare(bad).then(
      () => null,
      (e: Error) => e,
    );
    expect(viaThread).toBeInstanceOf(ComposeFault);
    expect(viaThread?.message).toBe(inline?.message);
    await expect(pool.prepare(job())).resolves.not.toBeNull();
  });

  it('fails the messages a dying thread held as retryable, and replaces the thread', async () => {
    const [first] = threadsOf(pool);
    const held = pool.prepare(job());
    // Stopped before the request above reaches it (prepare has not yet posted it).
    void first.terminate();
    await expect(held).rejects.toBeInstanceOf(ComposeThreadError);
    await expect(pool.prepare(job())).resolves.not.toBeNull();
    expect(pool.threadCount).toBe(2);
    expect(threadsOf(pool)).not.toContain(first);
  });
});

describe('ComposePool with a broken template', () => {
  it('refuses to start, naming the template (the mail worker then does not start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nr-templates-'));
    const config = loadConfig({ TEMPLATES_DIR: dir, MAIL_COMPOSE_THREADS: '1' });
    const composer = new MessageComposer(config, DEFAULT_POLICY, new TemplateRenderer(dir));
    const pool = new ComposePool(config, DEFAULT_POLICY, composer);
    try {
      cpSync(TEMPLATES, dir, { recursive: true });
      writeFileSync(join(dir, 'warning/fr/fr/subject.hbs'), 'Avis {{noSuchField}}\n');
      await expect(pool.start()).rejects.toThrow(/could not start: .*warning\/fr\/fr/);
    } finally {
      await pool.onModuleDestroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('ComposePool without threads or not started', () => {
  it('composes inline with MAIL_COMPOSE_THREADS=0', async () => {
    const { pool } = setUp(0);
    await pool.start();
    expect(pool.threadCount).toBe(0);
    expect((await parsed(await pool.prepare(job()))).to).toBe('sam@subscriber.example');
  });

  it('composes inline until the mail worker starts it (API, CLI)', async () => {
    const { pool } = setUp(1);
    expect((await parsed(await pool.prepare(job()))).language).toBe('fr');
    expect(pool.threadCount).toBe(0);
  });

  it('lets messages being composed finish when it closes, then composes inline', async () => {
    const { pool } = setUp(1);
    await pool.start();
    const inFlight = pool.prepare(job());
    await new Promise((r) => setImmediate(r));
    await pool.onModuleDestroy();
    await expect(inFlight).resolves.not.toBeNull();
    expect(pool.threadCount).toBe(0);
    await expect(pool.prepare(job())).resolves.not.toBeNull();
  }, 60_000);
});
