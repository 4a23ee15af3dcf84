import { dropDatabase, withAdmin } from './pg-admin';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.NR_TEST_TEMPLATE_DB;
  if (!template) return;
  // Clones a crashed spec left behind are named after the template.
  const clones = await withAdmin((c) =>
    c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${template.replace('nr_tmpl_', 'nr_t_')}%`,
    ]),
  );
  for (const row of clones.rows) await dropDatabase(row.datname);
  await dropDatabase(template);
}
