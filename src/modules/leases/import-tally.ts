// What an import counts of the records it reads: read, rejected (with the first problems
// kept), skipped, and whether the rejected share aborts it.
import type { MergeCounts } from './import-session';

export const MAX_KEPT_PROBLEMS = 100;
// Below this many records read, the running ratio does not abort (the whole file's still does).
const MIN_ROWS_FOR_RATIO = 100;

export interface ImportProblem {
  line: number;
  reason: string;
}

export class RecordTally {
  rowsRead = 0;
  rejected = 0;
  // Lines of the source that carry no binding: not errors, never towards the abort.
  skipped = 0;
  readonly problems: ImportProblem[] = [];
  status: 'completed' | 'aborted' = 'completed';

  constructor(private readonly maxRatio: number) {}

  reject(line: number, reason: string): void {
    this.rejected++;
    if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push({ line, reason });
  }

  // A record the parser refused: rejected, and the import aborts once the running share of
  // rejected records passes the ratio. Returns whether it aborted.
  refuse(line: number, reason: string): boolean {
    this.reject(line, reason);
    if (this.rowsRead >= MIN_ROWS_FOR_RATIO && this.overRatio()) this.status = 'aborted';
    return this.status === 'aborted';
  }

  judgeWholeFile(): void {
    if (this.status === 'completed' && this.rowsRead > 0 && this.overRatio()) {
      this.status = 'aborted';
    }
  }

  progress(): { rowsRead: number; rejected: number } {
    return { rowsRead: this.rowsRead, rejected: this.rejected };
  }

  // The counts recorded for an import that failed (nothing stored).
  failedCounts() {
    const { rowsRead, rejected, skipped } = this;
    return { rowsRead, imported: 0, duplicates: 0, rejected, skipped };
  }

  // Stored rows count only for a completed import (an aborted one is rolled back).
  summary(totals: MergeCounts) {
    const done = this.status === 'completed';
    return {
      status: this.status,
      rowsRead: this.rowsRead,
      imported: done ? totals.inserted + totals.updated : 0,
      duplicates: done ? totals.duplicates : 0,
      rejected: this.rejected,
      skipped: this.skipped,
      problems: this.problems,
    };
  }

  private overRatio(): boolean {
    return this.rejected / this.rowsRead > this.maxRatio;
  }
}
