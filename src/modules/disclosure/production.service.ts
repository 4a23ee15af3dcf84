import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { assertGoodStanding } from '../accounts/good-standing';
import { AuditActor } from '../identity/audit.types';
import { StepMetrics } from '../metrics/step-metrics';
import { IdentityService, SubscriberIdentity } from '../identity/identity.service';
import { PackageContentStore } from '../identity/package-content.store';
import { DisclosureError, DisclosureErrorCode, requestNotFound } from './disclosure.errors';
import { DisclosureRepository } from './disclosure.repository';
import { DisclosureRequestRow } from './disclosure.types';
import {
  buildPackage,
  DisclosurePackage,
  packageSha256,
  renderPackageHtml,
} from './package-builder';
import { forbidden, RequestDecisionService, requireOrder } from './request-decision.service';

export interface PackageDownload {
  reference: string;
  sha256: string;
  content: DisclosurePackage;
  html: string;
}

// The answer to a download (the API's POST and the portal's form alike): the file itself, as
// an attachment that no cache keeps, with its hash as recorded in the audit entry.
export function sendPackage(
  res: { setHeader(name: string, value: string): unknown },
  pkg: PackageDownload,
  format: 'json' | 'html' | undefined,
): unknown {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Package-Sha256', pkg.sha256);
  if (format === 'html') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${pkg.reference}.html"`);
    return pkg.html;
  }
  res.setHeader('Content-Disposition', `attachment; filename="${pkg.reference}.json"`);
  return pkg.content;
}

// Production (DR-2, DR-3, DR-5) and the audited release of the package to its requester.
@Injectable()
export class ProductionService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly decisions: RequestDecisionService,
    private readonly identity: IdentityService,
    private readonly contents: PackageContentStore,
    private readonly clock: Clock,
    private readonly steps: StepMetrics,
  ) {}

  async produce(actor: AuditActor, id: string): Promise<DisclosureRequestRow> {
    // The content this attempt stored on the identity connection, to take back if the package's
    // record then fails to commit.
    let stored: string | null = null;
    try {
      await this.steps.time('produce', () =>
        this.produceIn(actor, id, (sha256) => (stored = sha256)),
      );
    } catch (e) {
      if (stored !== null) await this.contents.discard(id, stored).catch(() => undefined);
      throw e;
    }
    return (await this.repo.find(id))!;
  }

  private async produceIn(
    actor: AuditActor,
    id: string,
    onStored: (sha256: string) => void,
  ): Promise<void> {
    await this.repo.transaction(async (em) => {
      const r = await this.repo.lock(em, id);
      if (!r) throw requestNotFound();
      const now = this.clock.now();
      if (r.status !== 'approved' && r.status !== 'waiting_window') {
        throw forbidden(r.status, 'produced');
      }
      requireOrder(r, 'produced');
      if (r.motion_pending) {
        throw new DisclosureError(
          DisclosureErrorCode.MotionPending,
          'conflict',
          'A motion to quash is pending: production waits for its decision',
        );
      }
      if (r.window_ends_at && now < r.window_ends_at) {
        throw new DisclosureError(
          DisclosureErrorCode.WindowOpen,
          'conflict',
          `The subscriber's objection window ends ${r.window_ends_at.toISOString()}`,
        );
      }
      const items = await this.repo.coveredItems(r.id, em);
      const accounts = items
        .filter((i) => i.attribution_outcome === 'unique' && i.subscriber_account_id)
        .map((i) => i.subscriber_account_id!);
      // Each account's identity is read through the audited path, on IdentityService's own
      // connection (issue 16): its audit entries commit with the read, before this package.
      const identities =
        accounts.length > 0 && r.allowed_fields.length > 0
          ? await this.identity.readMany(accounts, {
              actor,
              purpose: `disclosure ${r.reference}`,
              fields: r.allowed_fields,
              details: { requestId: r.id },
            })
          : new Map<string, Partial<SubscriberIdentity>>();
      const content = buildPackage(r, items, identities, now);
      const sha256 = packageSha256(content);
      // The content goes to the identity schema (issue 16); its transaction commits once the
      // package's record and the transition are written here, just before this one commits.
      onStored(sha256);
      await this.contents.store(
        r.id,
        {
          sha256,
          content: content as unknown as Record<string, unknown>,
          html: renderPackageHtml(content),
        },
        async () => {
          await this.repo.savePackage(em, r.id, { sha256, at: now });
          await this.decisions.move(em, r, {
            to: 'produced',
            actor,
            reason: `package ${sha256.slice(0, 16)} with ${content.subscribers.length} subscriber(s)`,
            at: now,
          });
        },
      );
    });
  }

  // A requester downloads only its own produced package; every download is in the audit log.
  // The request, its standing and the package's record are read on the main connection; the
  // content on the identity connection, with the download's audit entry (issue 16).
  async download(
    actor: AuditActor,
    id: string,
    organisationId: string | null,
  ): Promise<PackageDownload> {
    const r = await this.repo.find(id);
    if (!r || (organisationId !== null && r.organisation_id !== organisationId)) {
      throw requestNotFound();
    }
    if (organisationId !== null) {
      await this.repo.transaction(async (em) =>
        assertGoodStanding(
          await this.repo.organisationAccreditation(em, organisationId),
          'download disclosure packages',
        ),
      );
    }
    const pkg = r.status === 'produced' ? await this.repo.readPackage(id) : null;
    const stored =
      pkg && pkg.purged_at === null
        ? await this.contents.read(r.id, {
            actor,
            purpose: `disclosure ${r.reference}`,
            details: { sha256: pkg.sha256 },
          })
        : null;
    if (!pkg || !stored) {
      throw new DisclosureError(
        DisclosureErrorCode.PackageNotReady,
        'not_found',
        'No package is available for this request',
      );
    }
    return {
      reference: r.reference,
      sha256: pkg.sha256,
      content: stored.content as unknown as DisclosurePackage,
      html: stored.html,
    };
  }
}
