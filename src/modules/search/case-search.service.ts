import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Transform, Writable } from 'node:stream';
import { CaseSearchQuery } from './case-search.query';
import {
  CaseSearchPage,
  CaseSearchRepository,
  CaseSearchRow,
  csvRecord,
  CSV_HEADER,
} from './case-search.repository';
import { CaseTimelineRepository, TimelineRow } from './case-timeline.repository';
import { CaseSubject, CaseWork, CaseWorkRepository } from './case-work.repository';
import { SavedSearch, SavedSearchRepository } from './saved-search.repository';

// The desk's search (issue #19): one page of results with facet counts, the whole result as a
// streamed CSV, and each user's saved searches.
@Injectable()
export class CaseSearchService {
  constructor(
    private readonly repo: CaseSearchRepository,
    private readonly saved: SavedSearchRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly work: CaseWorkRepository,
  ) {}

  workOn(subject: CaseSubject, id: string): Promise<CaseWork> {
    return this.work.workOn(subject, id);
  }

  assign(subject: CaseSubject, id: string, userId: string | null): Promise<boolean> {
    return this.work.assign(subject, id, userId);
  }

  addNote(subject: CaseSubject, id: string, authorId: string, body: string): Promise<void> {
    return this.work.addNote(subject, id, authorId, body);
  }

  // A notice's steps, oldest first (the desk's case timeline).
  timeline(noticeId: string): Promise<TimelineRow[]> {
    return this.timelines.stepsOf(noticeId);
  }

  search(q: CaseSearchQuery): Promise<CaseSearchPage> {
    return this.repo.search(q);
  }

  // CSV (RFC 4180, header line first) written to `out` as the rows arrive from the cursor.
  exportCsv(q: CaseSearchQuery, out: Writable): Promise<void> {
    const records = new Transform({
      objectMode: true,
      transform(r: CaseSearchRow, _enc, done) {
        done(null, csvRecord(r));
      },
    });
    // A cell starting with = + - @ is quoted by csv-stringify only when it needs to be; a
    // leading apostrophe keeps spreadsheets from running a title as a formula.
    const csv = stringify({
      header: true,
      columns: CSV_HEADER,
      cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
    });
    return this.repo.exportRows(q, [records, csv], out);
  }

  savedSearches(userId: string): Promise<SavedSearch[]> {
    return this.saved.listFor(userId);
  }

  saveSearch(userId: string, name: string, query: string): Promise<void> {
    return this.saved.save(userId, name, query);
  }

  deleteSearch(userId: string, id: string): Promise<boolean> {
    return this.saved.remove(userId, id);
  }
}
