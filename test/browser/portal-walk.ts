import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { PersonRole, Role } from '../../src/common/roles';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { seedDeskScenario, seedNoticeWithItems } from '../support/desk-fixtures';
import { seedOrganisation } from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

export const WALK_ROLES = [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin] as const;

export interface PortalWalk {
  db: TestDatabase;
  app: INestApplication;
  baseURL: string;
  organisationId: string;
  notice: { reference: string };
  // Each role's sign-in address; every person has the walk's password.
  emails: Record<PersonRole, string>;
}

// The portal served with lists that have rows (the desk scenario, a sender and a notice with a
// refused and a queued item), so tables and detail pages are walked, not only empty states,
// and one person per role. Used by the specs that walk every page (axe, phone width).
export async function startPortalWalk(
  tag: string,
  organisationName: string,
  password: string,
): Promise<PortalWalk> {
  const db = await createTestDatabase();
  const app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const ds = app.get(DataSource);
  await seedDeskScenario(app);
  const organisationId = await seedOrganisation(ds, organisationName);
  const notice = await seedNoticeWithItems(ds, {
    organisationId,
    receivedAt: new Date(),
    items: [
      { status: 'refused', reasonCode: 'timestamp_zone' },
      { status: 'queued', reasonCode: 'quota' },
    ],
  });
  const emails: Record<PersonRole, string> = {
    [Role.Complainant]: `counsel-${tag}@vendor.example`,
    [Role.AbuseDesk]: `desk-${tag}@isp.example`,
    [Role.Legal]: `legal-${tag}@isp.example`,
    [Role.Admin]: `admin-${tag}@isp.example`,
  };
  const accounts = app.get(AccountsService);
  const label = tag.charAt(0).toUpperCase() + tag.slice(1);
  for (const role of WALK_ROLES) {
    await accounts.createUser({
      email: emails[role],
      displayName: `${label} ${role}`,
      role,
      organisationId: role === Role.Complainant ? organisationId : null,
      password,
    });
  }
  return { db, app, baseURL: `http://127.0.0.1:${port}`, organisationId, notice, emails };
}

// Visits every portal page of the signed-in role's main menu and the first detail page each
// list links to (a row of its table), once per address; returns what `visit` reported for each.
export async function walkMenu(
  page: Page,
  menuName: string,
  visit: (page: Page, path: string) => Promise<string | null>,
): Promise<Array<string | null>> {
  const menu = await page
    .getByRole('navigation', { name: menuName })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname))
    // Bull Board (the admin's "Queues" link) is a third-party page outside the portal.
    .then((paths) => paths.filter((p) => p.startsWith('/portal')));
  if (menu.length < 2) throw new Error(`the ${menuName} menu has ${menu.length} portal links`);
  const reports: Array<string | null> = [];
  const visited = new Set<string>();
  for (const path of menu) {
    reports.push(await visit(page, path));
    visited.add(path);
    const detail = await page
      .locator('main tbody a[href^="/portal/"]')
      .first()
      .getAttribute('href', { timeout: 1000 })
      .catch(() => null);
    if (detail && !visited.has(detail)) {
      visited.add(detail);
      reports.push(await visit(page, detail));
    }
  }
  return reports;
}
