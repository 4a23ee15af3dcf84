import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../database/database.module';
import { AuditRepository } from './audit.repository';
import { AuditActor } from './audit.types';

export interface PackageContent {
  content: Record<string, unknown>;
  html: string;
}

export interface StoredContent extends PackageContent {
  sha256: string;
}

// A produced disclosure package's content (the disclosed names and addresses) and its printable
// HTML (issue 16): identity, so it lives in the identity schema and is written and read only on
// IdentityService's connection. The service role keeps the record that a package exists
// (disclosure_packages: hash, production and purge times) and cannot read what it holds.
@Injectable()
export class PackageContentStore {
  constructor(
    @InjectDataSource(IDENTITY_CONNECTION) private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  // Stores the content in a transaction of the identity connection that stays open while
  // `then` runs (the caller's own transaction recording the package), and commits when it
  // returns: the content is in place before the caller's commit makes the package visible.
  // Should the caller's commit then fail, it calls `discard`. A content left from an earlier
  // attempt that did not commit is replaced.
  async store<T>(requestId: string, pkg: StoredContent, then: () => Promise<T>): Promise<T> {
    return this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO identity.disclosure_package_contents (request_id, sha256, content, html)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_id) DO UPDATE SET sha256 = EXCLUDED.sha256,
           content = EXCLUDED.content, html = EXCLUDED.html, stored_at = now()`,
        [requestId, pkg.sha256, JSON.stringify(pkg.content), pkg.html],
      );
      return then();
    });
  }

  // Removes a content whose package was not recorded after all (`sha256` names the one this
  // attempt stored, so a later attempt's content is left alone).
  async discard(requestId: string, sha256: string): Promise<void> {
    await this.ds.query(
      `DELETE FROM identity.disclosure_package_contents
        WHERE request_id = $1 AND sha256 = $2`,
      [requestId, sha256],
    );
  }

  // The package's content for a download, with the download's audit entry in the same
  // transaction (RA-7): no content leaves without its entry. null (and no entry): nothing is
  // stored, e.g. purged.
  async read(
    requestId: string,
    access: { actor: AuditActor; purpose: string; details?: Record<string, unknown> },
  ): Promise<PackageContent | null> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ content: Record<string, unknown> | null; html: string | null }> =
        await em.query(
          `SELECT content, html FROM identity.disclosure_package_contents WHERE request_id = $1`,
          [requestId],
        );
      const row = rows[0];
      if (!row || row.content === null || row.html === null) return null;
      await this.audit.append(em, {
        actor: access.actor,
        action: 'disclosure.package_downloaded',
        subjectType: 'disclosure_request',
        subjectId: requestId,
        purpose: access.purpose,
        details: access.details,
      });
      return { content: row.content, html: row.html };
    });
  }
}
