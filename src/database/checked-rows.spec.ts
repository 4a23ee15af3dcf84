import { z } from 'zod';
import { checkedRow, checkedRows, col, RowShapeError, unnestColumns } from './checked-rows';

const row = z
  .object({ id: col.uuid, subscriber_ref: col.text.nullable(), n: col.bigint, doc: col.json })
  .transform((r) => ({ id: r.id, ref: r.subscriber_ref, n: r.n, doc: r.doc }));

describe('checked rows', () => {
  it('maps a row whose columns match', () => {
    expect(checkedRow(row, 'q', { id: 'a', subscriber_ref: null, n: '12', doc: null })).toEqual({
      id: 'a',
      ref: null,
      n: 12,
      doc: null,
    });
  });

  it('fails loudly, naming query and column, when a column was renamed', () => {
    const renamed = { id: 'a', subscriber_reference: 'S-1', n: '1', doc: {} };
    expect(() => checkedRows(row, 'listThings', [renamed])).toThrow(RowShapeError);
    expect(() => checkedRows(row, 'listThings', [renamed])).toThrow(/listThings.*subscriber_ref/);
  });

  it('fails on a missing JSON column, not only on typed ones', () => {
    expect(() => checkedRow(row, 'q', { id: 'a', subscriber_ref: null, n: '1' })).toThrow(/doc/);
  });

  it('never puts a value of the row in its message', () => {
    const secret = 'Jane Subscriber, 1 High Street';
    let message = '';
    try {
      checkedRow(row, 'q', { id: 42, subscriber_ref: 7, n: secret, doc: secret });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^q: row does not match/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('42');
  });
});

describe('unnestColumns', () => {
  it('turns rows into one array per column, in the order picked', () => {
    const rows = [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ];
    expect(unnestColumns(rows, (r) => [r.id, r.n, null])).toEqual([
      ['a', 'b'],
      [1, 2],
      [null, null],
    ]);
  });

  it('answers no columns for no rows', () => {
    expect(unnestColumns([], () => [1, 2])).toEqual([]);
  });
});
