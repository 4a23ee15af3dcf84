import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SubscriberImportService } from '../../src/modules/subscribers/subscriber-import.service';
import { SubscribersError } from '../../src/modules/subscribers/subscribers.errors';
import { genericCsv, importText } from '../support/lease-fixtures';
import { createTestApp } from '../support/test-app';
import { databaseEnv, testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { runCliWith } from '../support/cli-run';

// The ISP's customer export writes identity: the account, its identifiers and the identity
// store, in the identity schema (issue #20: it had no test at any tier).
const HEADER =
  'account_number,identifier_type,identifier,full_name,email,phone,postal_address,installation_address,language,regime,valid_from,valid_until';

interface Stored {
  account_number: string;
  reference: string;
  regime: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  language: string;
}

describe('subscriber import (subscribers:import)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let importer: SubscriberImportService;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    importer = app.get(SubscriberImportService);
    dir = mkdtempSync(join(tmpdir(), 'nr-subscribers-'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  let n = 0;
  const file = (rows: string[], header = HEADER) => {
    const path = join(dir, `subscribers-${++n}.csv`);
    writeFileSync(path, [header, ...rows].join('\n') + '\n');
    return path;
  };
  const stored = async (accountNumber: string): Promise<Stored | undefined> =>
    (
      await db.adminQuery<Stored>(
        `SELECT a.account_number, a.reference, a.regime, s.full_name, s.email, s.phone,
                s.postal_address, s.language
         FROM subscriber_accounts a JOIN identity.subscribers s ON s.account_id = a.id
         WHERE a.account_number = $1`,
        [accountNumber],
      )
    )[0];
  const identifiers = (accountNumber: string) =>
    db.adminQuery<{ identifier_type: string; identifier: string }>(
      `SELECT i.identifier_type, i.identifier FROM account_identifiers i
       JOIN subscriber_accounts a ON a.id = i.account_id
       WHERE a.account_number = $1 ORDER BY 1, 2`,
      [accountNumber],
    );

  const cli = (...argv: string[]): Promise<{ code: number; out: string; err: string }> =>
    runCliWith(databaseEnv(db.url), argv);

  it('writes an account with each of its identifiers, its identity and a pseudonymous reference', async () => {
    const summary = await importer.importCsv(
      file([
        'A-100,mac,AA-BB-CC-00-01-00,Ada Example,ada@home.example,,1 Example Road,,fr,ca,,',
        'A-100,username,ada100,Ada Example,,+1 555 0100,,,,,,',
      ]),
    );
    expect(summary).toEqual({
      rowsRead: 2,
      accounts: 1,
      identifiers: 2,
      rejected: 0,
      problems: [],
    });
    const row = await stored('A-100');
    expect(row).toMatchObject({
      regime: 'ca',
      full_name: 'Ada Example',
      email: 'ada@home.example',
      phone: '+1 555 0100',
      postal_address: '1 Example Road',
      language: 'fr',
    });
    expect(row?.reference).toMatch(/^SUB-[A-Z2-9]{10}$/);
    // Identifiers are stored in their normal form, so the lease logs' spelling matches.
    expect(await identifiers('A-100')).toEqual([
      { identifier_type: 'mac', identifier: 'aa:bb:cc:00:01:00' },
      { identifier_type: 'username', identifier: 'ada100' },
    ]);
  });

  it("keeps an account's earlier values when its later rows come in another batch", async () => {
    // Batches of two accounts: B-200's second row is written two batches after its first.
    const summary = await importer.importCsv(
      file([
        'B-200,mac,aa:bb:cc:00:02:00,Bea Example,bea@home.example,+1 555 0200,2 Example Road,,fr,,,',
        'B-201,mac,aa:bb:cc:00:02:01,Bo Example,,,,,,,,',
        'B-202,mac,aa:bb:cc:00:02:02,Bi Example,,,,,,,,',
        'B-203,mac,aa:bb:cc:00:02:03,Bu Example,,,,,,,,',
        'B-200,username,bea200,Bea Example,,,,,,,,',
      ]),
      2,
    );
    expect(summary.accounts).toBe(4);
    expect(summary.identifiers).toBe(5);
    expect(await stored('B-200')).toMatchObject({
      email: 'bea@home.example',
      phone: '+1 555 0200',
      postal_address: '2 Example Road',
      language: 'fr',
    });
    expect(await identifiers('B-200')).toHaveLength(2);
  });

  it('lets a new export of an account replace its identity whole, and changes nothing twice', async () => {
    const before = await stored('A-100');
    const path = file(['A-100,mac,aa:bb:cc:00:01:00,Ada Moved,,,,,,ca,,']);
    await importer.importCsv(path);
    const after = await stored('A-100');
    // The same account keeps its reference; a field the new export leaves empty is cleared.
    expect(after?.reference).toBe(before?.reference);
    expect(after).toMatchObject({ full_name: 'Ada Moved', email: null, language: 'en' });
    await importer.importCsv(path);
    expect(await stored('A-100')).toEqual(after);
    expect(await identifiers('A-100')).toHaveLength(2);
  });

  it('maps bindings imported before their subscriber, so attribution finds the account', async () => {
    await importText(app, 'generic-csv', 'dhcp-early', [
      ...genericCsv([
        '198.51.100.77,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:07:07,',
      ]),
    ]);
    const ref = () =>
      db.adminQuery<{ account_ref: string | null }>(
        `SELECT account_ref FROM lease_bindings WHERE ip = '198.51.100.77'`,
      );
    expect(await ref()).toEqual([{ account_ref: null }]);
    await importer.importCsv(file(['C-300,mac,aa:bb:cc:00:07:07,Cy Example,,,,,,,,']));
    expect(await ref()).toEqual([{ account_ref: (await stored('C-300'))?.reference }]);
  });

  it('rejects bad rows by line and column, never quoting an identity value, and keeps the good ones', async () => {
    const summary = await importer.importCsv(
      file([
        'D-400,mac,aa:bb:cc:00:04:00,Dee Secretname,dee.secret@home.example,,,,,,,',
        'D-401,fax,12345,Dan Secretname,dan.secret@home.example,,,,,,,',
        'D-402,mac,aa:bb:cc:00:04:02,,dana.secret@home.example,,,,,,,',
        'D-403,mac,aa:bb:cc:00:04:03,Dot Secretname,,,,,,mars,,',
        'D-404,mac,aa:bb:cc:00:04:04,Dom Secretname,,,,,,,2026-10-04 20:00,',
        'D-405,mac,aa:bb:cc:00:04:05,Del Secretname,,,,,,,2026-10-05T00:00:00Z,2026-10-04T00:00:00Z',
      ]),
    );
    expect(summary.rowsRead).toBe(6);
    expect(summary.rejected).toBe(5);
    expect(summary.accounts).toBe(1);
    expect(summary.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(summary.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^identifier_type must be one of /),
      'full_name is empty',
      expect.stringMatching(/^regime must be one of /),
      expect.stringMatching(/^valid_from must be ISO 8601 with a zone/),
      'valid_until must be after valid_from',
    ]);
    const text = JSON.stringify(summary);
    for (const secret of ['Secretname', 'secret@home', 'D-40']) expect(text).not.toContain(secret);
    expect(await stored('D-400')).toBeDefined();
    expect(await stored('D-401')).toBeUndefined();
  });

  it('refuses a file whose header lacks a required column, even with no rows, naming it', async () => {
    const header = 'account_number,identifier,full_name';
    for (const rows of [[], ['E-500,aa:bb:cc:00:05:00,Eve Example']]) {
      const attempt = importer.importCsv(file(rows, header));
      await expect(attempt).rejects.toBeInstanceOf(SubscribersError);
      await expect(importer.importCsv(file(rows, header))).rejects.toMatchObject({
        code: 'subscriber_file_invalid',
        message: expect.stringMatching(/lacks column\(s\): identifier_type \(expected /),
      });
    }
    expect(await stored('E-500')).toBeUndefined();
  });

  it('answers on the command line with counts, each rejected line, and a non-zero exit', async () => {
    const ok = await cli(
      'subscribers:import',
      file(['F-600,mac,aa:bb:cc:00:06:00,Fay Example,,,,,,,,']),
    );
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toMatch(/: 1 rows, 1 accounts, 1 identifiers, 0 rejected$/);

    const bad = await cli(
      'subscribers:import',
      file(['F-601,mac,aa:bb:cc:00:06:01,Fin Example,,,,,,,,', 'F-602,fax,1,Flo Hidden,,,,,,,,']),
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/: 2 rows, 1 accounts, 1 identifiers, 1 rejected$/);
    expect(bad.err).toMatch(/:3: identifier_type must be one of /);
    expect(bad.err).toMatch(/1 rows were rejected/);
    expect(bad.err).not.toContain('Flo Hidden');

    const refused = await cli('subscribers:import', file([], 'account_number,full_name'));
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/lacks column\(s\): identifier_type, identifier/);
  });
});
