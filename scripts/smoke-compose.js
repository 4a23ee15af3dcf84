// Smoke check of the built compose threads (dist/): jest runs them from the TypeScript sources,
// this runs the compiled thread file the service uses. Called by scripts/smoke.sh.
const { loadConfig } = require('../dist/config/app-config');
const { ComposePool } = require('../dist/modules/messaging/delivery/compose-pool');
const { MessageComposer } = require('../dist/modules/messaging/delivery/message-composer');
const { DEFAULT_POLICY } = require('../dist/modules/messaging/policy/messaging-policy');
const { TemplateRenderer } = require('../dist/modules/messaging/rendering/template-renderer');

async function main() {
  const config = loadConfig({ MAIL_COMPOSE_THREADS: '1', LOG_LEVEL: 'silent' });
  const composer = new MessageComposer(
    config,
    DEFAULT_POLICY,
    new TemplateRenderer(config.messaging.templatesDir),
  );
  const pool = new ComposePool(config, DEFAULT_POLICY, composer);
  await pool.start();
  const threads = pool.threadCount;
  const id = '00000000-0000-4000-8000-000000000001';
  const prepared = await pool.prepare({
    msg: {
      id,
      subscriberAccountId: '00000000-0000-4000-8000-000000000002',
      kind: 'warning',
      template: 'warning',
      regime: 'ca',
      stage: 1,
      context: { strikeCount: 1 },
      status: 'sending',
      attempts: 0,
      createdAt: new Date(),
      batchId: null,
    },
    facts: [
      {
        messageId: id,
        noticeId: '00000000-0000-4000-8000-000000000003',
        reference: 'NR-SMOKE-1',
        claimant: 'Smoke Vendor',
        owner: 'Smoke Pictures',
        mediaType: 'application/xml',
        original: Buffer.from('<Infringement/>'),
        itemId: '00000000-0000-4000-8000-000000000004',
        observedAt: new Date(),
        ip: '203.0.113.7',
        port: 51413,
        protocol: 'BitTorrent',
        title: 'Smoke Film',
        fileName: 'smoke.mkv',
      },
    ],
    who: { email: 'smoke@subscriber.example', language: 'en', fullName: 'Smoke Test' },
  });
  await pool.onModuleDestroy();
  const text = prepared && prepared.raw.toString('utf8');
  if (threads !== 1 || !text || !text.includes('NR-SMOKE-1')) {
    throw new Error('the compose thread built no message');
  }
  console.log(`smoke: compose thread built a ${prepared.raw.length}-byte message`);
}

main().catch((e) => {
  console.error(`smoke: compose thread failed: ${e.message}`);
  process.exit(1);
});
