import { INestApplication } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { Role } from '../../src/common/roles';
import { Actors, seedActors } from '../support/fixtures';
import {
  seedAttributedNotice,
  SeededNotice,
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { waitFor } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface ChallengeBody {
  id: string;
  ground: string;
  status: string;
  noticeReferences: string[];
}

describe('messaging over HTTP: .eml quick start, challenge page, desk routes', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let config: AppConfig;
  let actors: Actors;
  let sub: SeededSubscriber;
  let notice: SeededNotice;
  let challengePath: string;
  const seen: string[] = [];
  const http = () => request(app.getHttpServer());
  const desk = () => `Bearer ${actors.keys[Role.AbuseDesk]}`;
  const remember = (res: request.Response) => {
    seen.push(res.text ?? '', JSON.stringify(res.body), JSON.stringify(res.headers));
    return res;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // No SMTP_URL: messages are written as .eml files under MAIL_DIR.
    config = testConfig(db.url, { MAIL_DIGEST_WINDOW_SECONDS: '0', MAIL_POLL_MS: '200' });
    app = await createTestApp(config);
    actors = await seedActors(app);
    const ds = app.get(DataSource);
    sub = await seedSubscriber(ds, subscribersRepository(app), {
      regime: 'ca',
      language: 'en',
      name: 'Philippa Undisclosed',
      email: 'philippa.undisclosed@subscriber.example',
    });
    notice = await seedAttributedNotice(ds, {
      organisationId: await seedOrganisation(ds),
      subscriber: sub,
      regime: 'ca',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('writes the message as an .eml file when no SMTP server is configured', async () => {
    const file = await waitFor('an .eml file', async () => {
      const files = await readdir(config.mail.dir).catch(() => [] as string[]);
      return files.find((f) => f.endsWith('.eml'));
    });
    const mail = await simpleParser(await readFile(join(config.mail.dir, file)));
    expect(mail.to).toMatchObject({ value: [{ address: sub.email }] });
    expect(mail.text).toContain(`Dear ${sub.name}`);
    expect(mail.attachments.map((a) => a.content.toString())).toEqual([notice.original.toString()]);
    const m = /https?:\/\/[^/\s]+(\/challenge\/\S+)/.exec(mail.text ?? '');
    expect(m).not.toBeNull();
    challengePath = m![1];
    const items: Array<{ status: string }> = await app
      .get(DataSource)
      .query(`SELECT status FROM notice_items WHERE id = $1`, [notice.itemIds[0]]);
    await waitFor('forwarded', async () => {
      const r: Array<{ status: string }> = await app
        .get(DataSource)
        .query(`SELECT status FROM notice_items WHERE id = $1`, [notice.itemIds[0]]);
      return r[0].status === 'forwarded';
    });
    expect(items).toHaveLength(1);
  });

  it('serves an accessible challenge form without identity, and refuses a forged link', async () => {
    const res = remember(await http().get(challengePath));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(notice.reference);
    expect(res.text).toContain('<label for="statement">');
    expect(res.text).toContain('<legend>');
    expect(res.text).not.toMatch(/<script/i);
    const forged = remember(await http().get(challengePath.replace(/.$/, 'x')));
    expect(forged.status).toBe(404);
    expect(forged.text).toContain('not valid');
  });

  it('re-renders the form with errors, then records a challenge', async () => {
    const bad = remember(await http().post(challengePath).type('form').send({ statement: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('aria-invalid="true"');
    const ok = remember(
      await http()
        .post(challengePath)
        .type('form')
        .send({ ground: 'unauthorised_use', statement: 'A guest used my Wi-Fi that weekend.' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Challenge received');
  });

  it('lets the desk list and uphold the challenge, and keeps it from complainants', async () => {
    const forbidden = remember(
      await http()
        .get('/api/v1/challenges')
        .set('Authorization', `Bearer ${actors.keys[Role.Complainant]}`),
    );
    expect(forbidden.status).toBe(403);
    const list = remember(
      await http().get('/api/v1/challenges?status=open').set('Authorization', desk()),
    );
    expect(list.status).toBe(200);
    const [c] = list.body as ChallengeBody[];
    expect(c).toMatchObject({
      ground: 'unauthorised_use',
      status: 'open',
      noticeReferences: [notice.reference],
    });
    const decided = remember(
      await http()
        .post(`/api/v1/challenges/${c.id}/decision`)
        .set('Authorization', desk())
        .send({ decision: 'upheld', note: 'guest use confirmed' }),
    );
    expect(decided.status).toBe(200);
    expect(decided.body).toEqual({ withdrawnStrikes: 1 });
    const again = remember(
      await http()
        .post(`/api/v1/challenges/${c.id}/decision`)
        .set('Authorization', desk())
        .send({ decision: 'rejected', note: 'again' }),
    );
    expect(again.status).toBe(409);
    expect((again.body as { code: string }).code).toBe('challenge_already_decided');
  });

  it('previews templates and lists dead letters and proposals', async () => {
    const preview = remember(
      await http()
        .get('/api/v1/templates/preview?template=warning&regime=us&language=fr&stage=2')
        .set('Authorization', desk()),
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ regime: 'us', language: 'fr' });
    expect((preview.body as { text: string }).text).toContain('accusé de lecture');
    const noStage = remember(
      await http()
        .get('/api/v1/templates/preview?template=warning&regime=ca&language=en&stage=4')
        .set('Authorization', desk()),
    );
    expect(noStage.status).toBe(404);
    expect((noStage.body as { code: string }).code).toBe('template_unknown');
    const dead = remember(await http().get('/api/v1/messages/dead').set('Authorization', desk()));
    expect(dead.status).toBe(200);
    expect(dead.body).toEqual([]);
    const proposals = remember(
      await http().get('/api/v1/escalation-proposals').set('Authorization', desk()),
    );
    expect(proposals.status).toBe(200);
    expect(proposals.body).toEqual([]);
  });

  it('never shows the subscriber identity in any response', () => {
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(sub.name);
    expect(all).not.toContain(sub.email);
    expect(all).not.toContain(sub.accountId);
  });
});
