import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { blockingErrors, BlockingError, BlockingErrorCode } from './blocking.errors';
import { ProtectedRow } from './blocking.types';
import { parseProtectedEntry, parseProtectedFile } from './protected-file';
import { ProtectedIndex } from './protected-index';
import { ProtectedListRepository } from './protected-list.repository';

export interface ProtectedLoadReport {
  source: string;
  read: number;
  added: number;
  removed: number;
}

// The never-block list (BO-3): names, ranges and AS numbers no target may touch without a
// justified legal override. Every change is audited.
@Injectable()
export class ProtectedListService {
  private cached: { fingerprint: string; index: ProtectedIndex } | null = null;

  constructor(
    private readonly repo: ProtectedListRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(): Promise<ProtectedRow[]> {
    return this.repo.listProtected();
  }

  // The index is rebuilt only when the list changed: a cheap fingerprint (count and newest
  // entry) is read each time, so a change made by another process is seen at the next check.
  async index(): Promise<ProtectedIndex> {
    const fingerprint = await this.repo.protectedFingerprint();
    if (this.cached?.fingerprint === fingerprint) return this.cached.index;
    const index = new ProtectedIndex(await this.repo.protectedEntries(), this.limits());
    this.cached = { fingerprint, index };
    return index;
  }

  limits() {
    return { ipv4: this.config.blocking.maxIpv4Prefix, ipv6: this.config.blocking.maxIpv6Prefix };
  }

  async add(
    actor: AuditActor,
    input: { kind?: string; value: string; asn?: string | null; note?: string },
  ): Promise<ProtectedRow> {
    const parsed = parseProtectedEntry(input.kind, input.value, {
      asn: input.asn ?? null,
      note: input.note,
    });
    if ('error' in parsed)
      throw blockingErrors.protectedInvalid([{ field: 'value', message: parsed.error }]);
    return this.repo.transaction(async (em) => {
      const [row] = await this.repo.insertProtected(em, [parsed], 'manual', actorName(actor));
      if (!row) {
        throw new BlockingError(
          BlockingErrorCode.ProtectedEntryInvalid,
          'conflict',
          `${parsed.kind} ${parsed.value} is already on the protected list`,
        );
      }
      await this.audit.append(em, {
        actor,
        action: 'blocking.protected_added',
        subjectType: 'blocking_protected',
        subjectId: row.id,
        purpose: input.note || 'protected list entry added',
        details: { kind: row.kind, value: row.value, asn: row.asn },
      });
      return row;
    });
  }

  async remove(actor: AuditActor, id: string, reason: string): Promise<ProtectedRow> {
    return this.repo.transaction(async (em) => {
      const row = await this.repo.deleteProtected(em, id);
      if (!row) {
        throw new BlockingError(
          BlockingErrorCode.ProtectedEntryNotFound,
          'not_found',
          'No such protected entry',
        );
      }
      await this.audit.append(em, {
        actor,
        action: 'blocking.protected_removed',
        subjectType: 'blocking_protected',
        subjectId: row.id,
        purpose: reason,
        details: { kind: row.kind, value: row.value },
      });
      return row;
    });
  }

  // Loads a file in the documented format (docs/blocking.md); a bad line refuses the whole file
  // naming every bad line, so nothing is half-loaded. `replace` drops this source's entries that
  // the new file no longer lists (a CDN's ranges file read again).
  async load(
    actor: AuditActor,
    text: string,
    opts: { source: string; asn?: string; replace?: boolean },
  ): Promise<ProtectedLoadReport> {
    const { entries, problems } = parseProtectedFile(text, { asn: opts.asn });
    if (problems.length > 0) {
      throw blockingErrors.protectedInvalid(
        problems.map((p) => ({ field: `line ${p.line}`, message: p.message })),
      );
    }
    return this.repo.transaction(async (em) => {
      const removed = opts.replace
        ? await this.repo.deleteProtectedOfSourceExcept(em, opts.source, entries)
        : 0;
      const added = await this.repo.insertProtected(em, entries, opts.source, actorName(actor));
      await this.audit.append(em, {
        actor,
        action: 'blocking.protected_loaded',
        subjectType: 'blocking_protected_source',
        subjectId: opts.source,
        purpose: `protected list loaded from ${opts.source}`,
        details: { read: entries.length, added: added.length, removed },
      });
      return { source: opts.source, read: entries.length, added: added.length, removed };
    });
  }
}

export function actorName(actor: AuditActor): string {
  return `${actor.kind}:${actor.id}`;
}
