import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseEnv } from '../support/test-config';
import { CliRun, runCliWith } from '../support/cli-run';

// The blocking register from the console: protected list, an order from JSON, the export file,
// a ticket, and a resolver machine's key; every write audited.
describe('blocking CLI', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'nr-blocking-cli-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...argv: string[]): Promise<CliRun> =>
    runCliWith({ ...databaseEnv(db.url), BLOCKING_STOP_IPV4: '192.0.2.99' }, argv);

  it('loads a CDN ranges file, and refuses a bad file naming its lines', async () => {
    const file = join(dir, 'cdn-ips-v4');
    await writeFile(file, '104.16.0.0/13\n104.24.0.0/14\n');
    const ok = await cli(
      'blocking:protected:load',
      file,
      '--source',
      'cdn',
      '--asn',
      '13335',
      '--operator',
      'Dana Legal',
    );
    expect(ok).toMatchObject({ code: 0, out: 'cdn: read 2, added 2, removed 0' });
    await writeFile(file, '104.16.0.0/13\n');
    const again = await cli(
      'blocking:protected:load',
      file,
      '--source',
      'cdn',
      '--replace',
      '--operator',
      'Dana Legal',
    );
    expect(again.out).toBe('cdn: read 1, added 0, removed 1');
    const bad = join(dir, 'bad');
    await writeFile(bad, 'fqdn ok.example\nfqdn not a name\n');
    const refused = await cli(
      'blocking:protected:load',
      bad,
      '--source',
      'bad',
      '--operator',
      'Dana Legal',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('line 2');
    expect(
      (
        await cli(
          'blocking:protected:add',
          'lawful.example',
          '--note',
          'IPTV',
          '--operator',
          'Dana Legal',
        )
      ).code,
    ).toBe(0);
    const list = await cli('blocking:protected:list');
    expect(list.out.split('\n')).toEqual([
      'cidr 104.16.0.0/13 asn=13335',
      'fqdn lawful.example  # IPTV',
    ]);
  });

  it('records an order from JSON with its PDF, and writes the RPZ with the stop address', async () => {
    const orderFile = join(dir, 'order.json');
    const order = {
      court: 'Tribunale di Milano',
      jurisdiction: 'it',
      caseNumber: 'RG 12345/2026',
      orderDate: '2026-11-01',
      claimants: ['Example League'],
      ispNamed: 'Example Access SpA',
      measures: ['dns'],
      implementationDays: 2,
      durationMonths: 12,
      costBearer: 'rights_holders',
      updateBasis: 'authority',
      howToContest: 'Reclamo al Tribunale di Milano',
      targets: ['calcio-pirata.example', 'lawful.example'],
    };
    await writeFile(orderFile, JSON.stringify({ ...order, measures: ['telepathy'] }));
    const bad = await cli('blocking:order:create', '--file', orderFile, '--operator', 'Dana Legal');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('measures');
    await writeFile(orderFile, JSON.stringify(order));
    const pdf = join(dir, 'order.pdf');
    await writeFile(pdf, '%PDF-1.4\n%%EOF\n');
    const ok = await cli(
      'blocking:order:create',
      '--file',
      orderFile,
      '--pdf',
      pdf,
      '--operator',
      'Dana Legal',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^order BO-2\d{3}-[0-9A-F]{8} .* \(confirmed\)/);
    expect(ok.out).toContain('active   calcio-pirata.example');
    expect(ok.out).toMatch(
      /refused {2}lawful\.example {2}\(shared_infrastructure: lawful\.example is under protected/,
    );
    const out = join(dir, 'blocking.rpz');
    const exp = await cli('blocking:export', '--format', 'rpz', '--out', out);
    expect(exp.out).toBe(`wrote ${out} (rpz, serial 1)`);
    const rpz = await readFile(out, 'utf8');
    expect(rpz).toContain('calcio-pirata.example IN A 192.0.2.99');
    expect(rpz).not.toContain('lawful.example');
    const same = await cli('blocking:export', '--format', 'rpz', '--out', out);
    expect(same.out).toBe(`wrote ${out} (rpz, serial 1)`);
    expect(await readFile(out, 'utf8')).toBe(rpz);
    const orders = await cli('blocking:orders');
    expect(orders.out).toContain('confirmed Tribunale di Milano RG 12345/2026');
  });

  it('imports a ticket and prints each item with the 30-minute clock', async () => {
    const orders = await cli('blocking:orders');
    const ref = /^(BO-\S+)/.exec(orders.out)![1];
    const file = join(dir, 'ticket.json');
    await writeFile(
      file,
      JSON.stringify({
        ticketId: 'PS-9',
        reporter: 'Example League',
        order: ref,
        fqdns: ['live.example', 'lawful.example'],
      }),
    );
    const r = await cli('blocking:ticket:import', file, '--operator', 'Dana Legal');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^ticket PS-9 order BO-\S+: \d+ s from report to answer \(within 30 minutes\)/,
    );
    expect(r.out).toContain('processed   fqdn live.example');
    expect(r.out).toContain('unprocessed fqdn lawful.example  protected');
    const exp = await cli('blocking:export', '--format', 'dnsmasq');
    expect(exp.out).toContain('address=/live.example/192.0.2.99');
    expect(exp.out).toContain('serial 2');
  });

  it('issues a resolver key without an organisation, and audits every step', async () => {
    const key = await cli('apikey:create', '--role', 'resolver', '--name', 'resolver-1');
    expect(key.code).toBe(0);
    expect(key.out).toMatch(/\(resolver; scopes: none\)/);
    const person = await cli(
      'user:create',
      '--email',
      'r@isp.example',
      '--name',
      'R',
      '--role',
      'resolver',
    );
    expect(person.code).toBe(1);
    expect(person.err).toContain('not to people');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows: Array<{ action: string; actor_id: string }> = (
        await c.query(
          `SELECT action, actor_id FROM audit_log WHERE action LIKE 'blocking.%' ORDER BY seq`,
        )
      ).rows;
      expect(rows.map((r) => r.action)).toEqual([
        'blocking.protected_loaded',
        'blocking.protected_loaded',
        'blocking.protected_added',
        'blocking.order_recorded',
        'blocking.document_stored',
        'blocking.export_changed',
        'blocking.ticket_imported',
        'blocking.export_changed',
      ]);
      expect(rows[0].actor_id).toBe('cli:Dana Legal');
    } finally {
      await c.end();
    }
  });
});
