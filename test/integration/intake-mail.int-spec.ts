import { Test, TestingModule } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { MAIL_DNS_RESOLVER } from '../../src/modules/intake/mail-auth/mail-auth.service';
import { NoticeConfirmationService } from '../../src/modules/intake/notice-confirmation.service';
import { NoticeQueryService } from '../../src/modules/intake/notice-query.service';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { dkimSigned, testDnsResolver } from '../support/dkim-fixtures';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// E-mail intake end to end with authentication on (issue 15 §1 and §7): a From address names
// the sender only when DKIM/DMARC verify; every report in a mail ends as an item or a refusal
// that the sender's receipt and the desk's view both show.
const FROM = 'notices@vendor.example';

function report(caseId: string, ip: string): string {
  return [
    '<Infringement xmlns="http://www.acns.net/ACNS">',
    `<Case><ID>${caseId}</ID></Case>`,
    '<Complainant><Entity>Northbridge Pictures LLC</Entity><Email>n@vendor.example</Email></Complainant>',
    `<Source><TimeStamp>2026-10-04T21:13:07Z</TimeStamp><IP_Address>${ip}</IP_Address><Port>51413</Port>`,
    '<SubType BaseType="P2P" Protocol="BITTORRENT"/></Source>',
    '<Content><Item><Title>The Long Road Home</Title></Item></Content>',
    '</Infringement>',
  ].join('\r\n');
}

function mail(from: string, body: string, id: string): string {
  return (
    `From: Vendor Notices <${from}>\r\nTo: abuse@isp.example\r\nSubject: Notices ${id}\r\n` +
    `Date: Sun, 04 Oct 2026 21:20:11 +0000\r\nMessage-ID: <${id}@vendor.example>\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`
  );
}

describe('e-mail intake with authentication', () => {
  let db: TestDatabase;
  let app: TestingModule;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db.url, {
      MAIL_AUTH: 'verify',
      NOTICE_TEXT_NO_CONFIRM: 'Direct Vendor',
    });
    app = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(MAIL_DNS_RESOLVER)
      .useValue(
        testDnsResolver(
          ['vendor.example', 'attacker.example', 'direct.example'],
          ['vendor.example', 'direct.example'],
        ),
      )
      .compile();
    app.useLogger(false);
    await app.init();
    await app.get(AccountsService).createOrganisation({
      name: 'Vendor Notices',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '1 Vendor Street',
      owners: ['Northbridge Pictures LLC'],
      senderAddresses: [FROM],
    });
    await app.get(AccountsService).createOrganisation({
      name: 'Direct Vendor',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '2 Vendor Street',
      owners: ['Northbridge Pictures LLC'],
      senderAddresses: ['n@direct.example'],
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reads every report of a signed mail; a damaged one is a refusal both sides see', async () => {
    const damaged =
      '<Infringement><Case><ID>BAD-1</ID></Case><Source><IP_Address>203.0.113.9</IP_Address></Sourc></Infringement>';
    const body = [report('M-1', '203.0.113.47'), damaged, report('M-2', '203.0.113.48')].join(
      '\r\n\r\n',
    );
    const raw = await dkimSigned(mail(FROM, body, 'several'), 'vendor.example');
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt.status).toBe('accepted');
    expect(receipt.items).toHaveLength(3);
    const refused = receipt.items.filter((i) => i.status === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ reasonCode: 'malformed_xml' });
    expect(refused[0].reason).toMatch(/body #2: malformed XML/);
    const desk = await app.get(NoticeQueryService).detailForDesk(receipt.reference);
    expect(desk.items.map((i) => [i.status === 'refused', i.reasonCode])).toEqual(
      receipt.items.map((i) => [i.status === 'refused', i.reasonCode]),
    );
  });

  it.each([
    ['no signature', (m: string) => Promise.resolve(Buffer.from(m)), 'no DKIM signature'],
    [
      'a forged From (signed by another domain)',
      (m: string) => dkimSigned(m, 'attacker.example'),
      'the From domain vendor.example is not aligned with the DKIM signature of attacker.example',
    ],
    [
      'a failing signature (altered after signing)',
      async (m: string) =>
        Buffer.from(
          (await dkimSigned(m, 'vendor.example')).toString('latin1').replace('M-3', 'M-4'),
          'latin1',
        ),
      'the DKIM signature of vendor.example did not verify',
    ],
  ])('quarantines %s with the reason shown to the desk', async (_name, sign, reason) => {
    const raw = await sign(mail(FROM, report('M-3', '203.0.113.47'), 'q'));
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt).toMatchObject({ status: 'quarantined', items: [] });
    const desk = await app.get(NoticeQueryService).detailForDesk(receipt.reference);
    expect(desk.refusalCode).toBe('sender_unauthenticated');
    expect(desk.refusalReason).toContain(reason);
    expect(desk.organisationId).toBeNull();
  });

  const TEXT_NOTICE = [
    'Notice ID: TXT-1',
    'Copyright Owner: Northbridge Pictures LLC',
    'Title: The Long Road Home',
    'Protocol: BitTorrent',
    'IP Address: 203.0.113.47',
    'Port: 51413',
    'Timestamp: 2026-10-04 21:13:07 UTC',
  ].join('\r\n');

  it('holds items read from plain text until the desk confirms them', async () => {
    const raw = await dkimSigned(mail(FROM, TEXT_NOTICE, 'text'), 'vendor.example');
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt.format).toBe('text');
    expect(receipt.items).toMatchObject([{ status: 'held', reasonCode: 'awaiting_confirmation' }]);
    const desk = await app.get(NoticeQueryService).detailForDesk(receipt.reference);
    expect(desk.items[0].readFromText).toContain('IP Address: 203.0.113.47');
    const confirmed = await app.get(NoticeConfirmationService).confirm(receipt.reference);
    expect(['accepted', 'attributed']).toContain(confirmed.items[0].status);
    await expect(
      app.get(NoticeConfirmationService).confirm(receipt.reference),
    ).rejects.toMatchObject({ code: 'notice_nothing_held' });
  });

  it('lets a sender switched off the wait go straight on', async () => {
    const raw = await dkimSigned(
      mail('n@direct.example', TEXT_NOTICE.replace('TXT-1', 'TXT-2'), 'direct'),
      'direct.example',
    );
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt.items[0].status).not.toBe('held');
    // The receipt is read back after the notice is queued, and this app's worker may already
    // have attributed it: no lease covers 203.0.113.47 here, so that ends as not forwarded.
    const item = receipt.items[0];
    expect(
      ['accepted', 'attributed'].includes(item.status) ||
        (item.status === 'not_forwarded' && item.reasonCode === 'no_lease'),
    ).toBe(true);
  });

  it('names every failing check of an item in the receipt, and keeps owner and agent', async () => {
    // Outside our address space and older than log retention: two reasons, both told.
    const old = report('F-1', '8.8.8.8').replace('2026-10-04T21:13:07Z', '2019-01-01T00:00:00Z');
    const raw = await dkimSigned(mail(FROM, old, 'fail'), 'vendor.example');
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt.items[0].failedChecks).toEqual(['address_space', 'retention']);
    expect(receipt.items[0].reason).toMatch(/address_space: .*; retention: /);
    const desk = await app.get(NoticeQueryService).detailForDesk(receipt.reference);
    expect(desk.owner).toBe('Northbridge Pictures LLC');
    expect(desk.parsed).toMatchObject({ agent: 'Vendor Notices' });
  });
});
