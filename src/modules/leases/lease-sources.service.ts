import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import {
  ImportSummaryRow,
  LeaseSourceOverview,
  LeaseSourceRow,
  LeasesRepository,
} from './leases.repository';
import { ZONE_LESS_FORMATS } from './lease-source-settings';
import type { LeaseFormat } from './parsing/lease-event';
import { isValidZone } from './parsing/local-time.util';

export interface SourceSettingsChange {
  before: LeaseSourceRow;
  after: LeaseSourceRow;
  // What is stored from the source, as it stands after the change.
  overview: LeaseSourceOverview;
  // Rows deleted because they were read in the old zone (only with discardStoredRows).
  discarded: { bindings: number; blocks: number } | null;
}

// A lease source's settings: how its lines are read (zone) and how far its clock may be off
// (tolerance). A change is audited in the same transaction and applies from then on: the
// tolerance to every attribution answer, the zone to later imports.
// Stored rows cannot be read again in another zone: a binding or block keeps only its first
// and last line, its renewals merged into one interval. So a zone change for a format whose
// lines may carry local times is refused while the source holds rows (their instants would
// stay those of the old zone and could name the wrong subscriber, MA-1/MA-3), unless the
// operator has them deleted in the same transaction (discardStoredRows) to import the files
// again. Until then the source answers nothing, which costs a miss, never a wrong name.
@Injectable()
export class LeaseSourcesService {
  constructor(
    private readonly repo: LeasesRepository,
    private readonly audit: AuditRepository,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  list(): Promise<LeaseSourceOverview[]> {
    return this.repo.listSources();
  }

  // The newest imports of every source, newest first.
  recentImports(limit: number): Promise<ImportSummaryRow[]> {
    return this.repo.listImports(limit);
  }

  async update(
    actor: AuditActor,
    name: string,
    change: { timeZone?: string; toleranceSeconds?: number; discardStoredRows?: boolean },
  ): Promise<SourceSettingsChange> {
    if (change.timeZone === undefined && change.toleranceSeconds === undefined) {
      throw new LeasesError(
        LeasesErrorCode.SettingsConflict,
        'invalid',
        'Nothing to change: give a time zone, a tolerance or both',
      );
    }
    if (change.timeZone !== undefined && !isValidZone(change.timeZone)) {
      throw new LeasesError(
        LeasesErrorCode.InvalidTimeZone,
        'invalid',
        `Unknown time zone "${change.timeZone}"`,
      );
    }
    const t = change.toleranceSeconds;
    if (t !== undefined && (!Number.isInteger(t) || t < 0 || t > 3600)) {
      throw new LeasesError(
        LeasesErrorCode.SettingsConflict,
        'invalid',
        `A tolerance is whole seconds from 0 to 3600, not ${t}`,
      );
    }
    const { before, after, discarded } = await this.ds.transaction(async (em) => {
      const r = await this.repo.updateSourceSettings(em, name, change);
      if (!r) {
        throw new LeasesError(
          LeasesErrorCode.UnknownSource,
          'not_found',
          `No lease source named "${name}" (leases:sources lists them)`,
        );
      }
      let discarded: { bindings: number; blocks: number } | null = null;
      if (
        r.before.timeZone !== r.after.timeZone &&
        ZONE_LESS_FORMATS.has(r.before.format as LeaseFormat)
      ) {
        // Counted under the source's row lock: no import of it runs meanwhile.
        const stored = await this.repo.storedRowCounts(em, r.before.id);
        if (stored.bindings + stored.blocks > 0) {
          if (!change.discardStoredRows) throw zoneChangeRefused(r.before, r.after, stored);
          discarded = await this.repo.discardStoredRows(em, r.before.id);
        }
      }
      await this.audit.append(em, {
        actor,
        action: 'lease_source.settings_changed',
        subjectType: 'lease_source',
        subjectId: String(r.before.id),
        purpose: 'correct how a log source is read and matched',
        details: {
          source: name,
          before: { timeZone: r.before.timeZone, toleranceSeconds: r.before.toleranceSeconds },
          after: { timeZone: r.after.timeZone, toleranceSeconds: r.after.toleranceSeconds },
          ...(discarded ? { discardedRows: discarded } : {}),
        },
      });
      return { ...r, discarded };
    });
    return { before, after, discarded, overview: (await this.repo.sourceOverview(name))! };
  }
}

function zoneChangeRefused(
  before: LeaseSourceRow,
  after: LeaseSourceRow,
  stored: { bindings: number; blocks: number },
): LeasesError {
  return new LeasesError(
    LeasesErrorCode.ZoneChangeWithRows,
    'conflict',
    `Source "${before.name}" holds ${stored.bindings} bindings and ${stored.blocks} port blocks read in ${before.timeZone}; nothing was changed. They cannot be read again in ${after.timeZone} (only each record's first and last line are kept), and left as they are their times would be wrong by the difference between the zones. To correct the zone, delete them and import the files again: leases:source:set --source ${before.name} --time-zone ${after.timeZone} --discard-stored-rows, then leases:import --source ${before.name} --format ${before.format} FILE...`,
  );
}
