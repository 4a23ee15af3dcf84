import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor, systemActor } from '../identity/audit.types';
import { BlockingExportsRepository } from './blocking-exports.repository';
import { BlockingTargetsRepository } from './blocking-targets.repository';
import { ActiveTargetRow } from './blocking.types';
import {
  EXPORT_CONTENT_TYPES,
  ExportFormat,
  ExportSettings,
  ExportState,
  renderExport,
  stateDigest,
} from './export-writers';
import { ProtectedIndex } from './protected-index';
import { ProtectedListService } from './protected-list.service';
import { parseTargetValue, selfAndParents } from './target-values';

export interface RenderedExport {
  format: ExportFormat;
  serial: number;
  contentType: string;
  body: string;
}

// Exports for resolvers and routers (BO-5). What is blocked is computed at the moment of the
// export (orders in their term, live-event windows open, protected names let through), so
// expiry and windows need no job: the next export reflects them. The serial goes up whenever
// that state differs from the last export's, and a given state always gives the same bytes.
@Injectable()
export class BlockingExportService {
  constructor(
    private readonly repo: BlockingExportsRepository,
    private readonly targets: BlockingTargetsRepository,
    private readonly protectedList: ProtectedListService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  settings(): ExportSettings {
    const b = this.config.blocking;
    return { zone: b.rpzZone, stopIpv4: b.stopIpv4, stopIpv6: b.stopIpv6, ttl: b.exportTtl };
  }

  async state(at = this.clock.now()): Promise<{ state: ExportState; rows: ActiveTargetRow[] }> {
    const [rows, index] = await Promise.all([
      this.targets.activeTargetsAt(at),
      this.protectedList.index(),
    ]);
    return { state: buildState(rows, index), rows };
  }

  // `reader` is the resolver machine (or operator) taking the export: the targets in it are
  // then recorded as implemented, against their deadline.
  async render(format: ExportFormat, reader: AuditActor | null): Promise<RenderedExport> {
    const at = this.clock.now();
    const { state, rows } = await this.state(at);
    const settings = this.settings();
    const digest = stateDigest(state, settings);
    const serial = await this.repo.transaction(async (em) => {
      await this.repo.lockExportStateRow(em);
      const last = await this.repo.lockExportState(em);
      if (last && last.contentSha256 === digest) {
        if (reader)
          await this.targets.markExported(
            em,
            rows.filter((r) => !r.firstExportedAt).map((r) => r.id),
            at,
          );
        return last.serial;
      }
      const next = (last?.serial ?? 0) + 1;
      await this.repo.saveExportState(em, next, digest, at);
      await this.audit.append(em, {
        actor: reader ?? systemActor('blocking-export'),
        action: 'blocking.export_changed',
        subjectType: 'blocking_export',
        subjectId: String(next),
        purpose: 'blocked names or ranges changed',
        details: {
          serial: next,
          names: state.names.length,
          ranges: state.ranges.length,
          sha256: digest,
        },
      });
      if (reader)
        await this.targets.markExported(
          em,
          rows.filter((r) => !r.firstExportedAt).map((r) => r.id),
          at,
        );
      return next;
    });
    return {
      format,
      serial,
      contentType: EXPORT_CONTENT_TYPES[format],
      body: renderExport(format, state, settings, serial),
    };
  }
}

// Active rows → the sorted, de-duplicated export state. A target the protected list covers is
// left out unless legal overrode it; protected names under a blocked name pass through.
export function buildState(rows: readonly ActiveTargetRow[], index: ProtectedIndex): ExportState {
  const names = new Set<string>();
  const ranges = new Map<string, { value: string; family: 4 | 6; orders: Set<string> }>();
  for (const r of rows) {
    // Stored values are already normalised: a name needs no parsing to be checked.
    if (r.kind === 'fqdn') {
      if (r.overridden || index.checkName(r.value).ok) names.add(r.value);
      continue;
    }
    const parsed = parseTargetValue(r.value);
    if ('error' in parsed || parsed.kind === 'fqdn') continue;
    if (!r.overridden && !index.check(parsed).ok) continue;
    const entry = ranges.get(parsed.value) ?? {
      value: parsed.value,
      family: parsed.family,
      orders: new Set<string>(),
    };
    entry.orders.add(r.orderReference);
    ranges.set(parsed.value, entry);
  }
  const passthrough = index.allNames().filter(
    (p) =>
      !names.has(p) &&
      selfAndParents(p)
        .slice(1)
        .some((a) => names.has(a)),
  );
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    names: [...names].sort(byText),
    passthrough: passthrough.sort(byText),
    ranges: [...ranges.values()]
      .sort((a, b) => a.family - b.family || byText(a.value, b.value))
      .map((r) => ({ value: r.value, family: r.family, orders: [...r.orders].sort(byText) })),
  };
}
