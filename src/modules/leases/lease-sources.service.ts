import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeaseSourceOverview, LeaseSourceRow, LeasesRepository } from './leases.repository';
import { isValidZone } from './parsing/local-time.util';

export interface SourceSettingsChange {
  before: LeaseSourceRow;
  after: LeaseSourceRow;
  // What is stored from the source, as it stands after the change (rows are not re-read).
  overview: LeaseSourceOverview;
}

// A lease source's settings: how its lines are read (zone) and how far its clock may be off
// (tolerance). A change is audited in the same transaction and applies from then on: the
// tolerance to every attribution answer, the zone to later imports (stored rows keep the
// times they were read with).
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

  async update(
    actor: AuditActor,
    name: string,
    change: { timeZone?: string; toleranceSeconds?: number },
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
    const { before, after } = await this.ds.transaction(async (em) => {
      const r = await this.repo.updateSourceSettings(em, name, change);
      if (!r) {
        throw new LeasesError(
          LeasesErrorCode.UnknownSource,
          'not_found',
          `No lease source named "${name}" (leases:sources lists them)`,
        );
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
        },
      });
      return r;
    });
    return { before, after, overview: (await this.repo.sourceOverview(name))! };
  }
}
