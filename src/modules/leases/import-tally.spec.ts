import { MAX_KEPT_PROBLEMS, RecordTally } from './import-tally';

describe('RecordTally', () => {
  function read(t: RecordTally, n: number): void {
    t.rowsRead += n;
  }

  it('does not abort on the running ratio before 100 records, but the whole file does', () => {
    const t = new RecordTally(0.05);
    read(t, 10);
    expect(t.refuse(1, 'bad')).toBe(false);
    expect(t.status).toBe('completed');
    t.judgeWholeFile();
    expect(t.status).toBe('aborted');
  });

  it('aborts once 100 records are read and the refused share passes the ratio', () => {
    const t = new RecordTally(0.05);
    read(t, 100);
    for (let i = 0; i < 5; i++) expect(t.refuse(i, 'bad')).toBe(false);
    expect(t.refuse(6, 'bad')).toBe(true);
    expect(t.summary({ inserted: 90, updated: 3, duplicates: 1 })).toMatchObject({
      status: 'aborted',
      imported: 0,
      duplicates: 0,
      rejected: 6,
    });
  });

  it('counts a record rejected after parsing without judging the running ratio', () => {
    const t = new RecordTally(0.05);
    read(t, 200);
    for (let i = 0; i < 50; i++) t.reject(i, 'no subscriber identifier in the record');
    expect(t.status).toBe('completed');
    t.judgeWholeFile();
    expect(t.status).toBe('aborted');
  });

  it('keeps the first problems only, and counts stored rows of a completed import', () => {
    const t = new RecordTally(1);
    read(t, 1000);
    for (let i = 0; i < MAX_KEPT_PROBLEMS + 20; i++) t.reject(i + 1, `reason ${i}`);
    t.skipped = 7;
    t.judgeWholeFile();
    const s = t.summary({ inserted: 800, updated: 30, duplicates: 50 });
    expect(s).toMatchObject({ status: 'completed', imported: 830, duplicates: 50, skipped: 7 });
    expect(s.rejected).toBe(MAX_KEPT_PROBLEMS + 20);
    expect(s.problems).toHaveLength(MAX_KEPT_PROBLEMS);
    expect(s.problems[0]).toEqual({ line: 1, reason: 'reason 0' });
    expect(t.failedCounts()).toEqual({
      rowsRead: 1000,
      imported: 0,
      duplicates: 0,
      rejected: MAX_KEPT_PROBLEMS + 20,
      skipped: 7,
    });
  });
});
