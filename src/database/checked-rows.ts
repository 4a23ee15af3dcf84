import { z } from 'zod';

// Raw SQL rows are checked once, at the repository boundary, against the columns the query
// selects: a renamed or missing column fails loudly here instead of travelling on as
// `undefined`. The error names the query and the column, never a value (a row may hold
// identity or a notice's text).
export class RowShapeError extends Error {
  constructor(query: string, issues: readonly z.core.$ZodIssue[]) {
    const first = issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
      .join('; ');
    super(`${query}: row does not match its columns (${first})`);
    this.name = 'RowShapeError';
  }
}

export function checkedRow<S extends z.ZodType>(
  schema: S,
  query: string,
  row: unknown,
): z.output<S> {
  const res = schema.safeParse(row);
  if (!res.success) throw new RowShapeError(query, res.error.issues);
  return res.data;
}

export function checkedRows<S extends z.ZodType>(
  schema: S,
  query: string,
  rows: readonly unknown[],
): Array<z.output<S>> {
  return rows.map((r) => checkedRow(schema, query, r));
}

// Column types as node-postgres returns them.
export const col = {
  text: z.string(),
  uuid: z.string(),
  int: z.number().int(),
  // bigint and count(*) arrive as text.
  bigint: z.string().transform(Number),
  bool: z.boolean(),
  timestamptz: z.date(),
  bytea: z.instanceof(Buffer),
  textArray: z.array(z.string()),
  // jsonb: any JSON value, null included, but the column must be there.
  json: z.custom<unknown>((v) => v !== undefined, 'column missing'),
};

// Rows many queries answer.
export const idRow = z.object({ id: col.uuid });
// count(*)::int AS n
export const countRow = z.object({ n: col.int });
// count(*) AS n (bigint)
export const bigCountRow = z.object({ n: col.bigint });
// The outcome word of an UPDATE ... RETURNING 'x' UNION ALL SELECT 'exists' statement.
export const outcomeRow = z.object({ status: col.text });

// The columns of `rows` as arrays, for an INSERT or UPDATE FROM unnest($1::t[], $2::t[], ...):
// `pick` names one row's values in the statement's order. With no rows the width is unknown and
// the answer is [] (PostgreSQL then refuses the statement): callers skip it for no rows.
export function unnestColumns<T>(rows: readonly T[], pick: (row: T) => unknown[]): unknown[][] {
  const width = rows.length ? pick(rows[0]).length : 0;
  const cols: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => pick(row).forEach((v, c) => (cols[c][r] = v)));
  return cols;
}
