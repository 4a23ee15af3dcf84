import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DIR } from './portal-view.service';

// `{{row}}` alone calls a helper named `row` when there is one, not the `row` property, and
// prints what the helper makes of no argument (nothing). Views write `{{this.row}}` instead.
describe('portal views', () => {
  const helpers = [
    ...readFileSync(join(__dirname, 'portal-view.service.ts'), 'utf8').matchAll(
      /registerHelper\(\s*'(\w+)'/g,
    ),
  ].map((m) => m[1]);
  const views = [
    ...readdirSync(VIEWS_DIR).map((f) => join(VIEWS_DIR, f)),
    ...readdirSync(join(VIEWS_DIR, 'partials')).map((f) => join(VIEWS_DIR, 'partials', f)),
  ].filter((f) => f.endsWith('.hbs'));

  it('never print a property that shares its name with a helper', () => {
    expect(helpers).toEqual(expect.arrayContaining(['number', 'utc']));
    const clashes = views.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return helpers.flatMap((h) =>
        new RegExp(`\\{\\{\\s*${h}\\s*\\}\\}`).test(source) ? [`${file}: {{${h}}}`] : [],
      );
    });
    expect(clashes).toEqual([]);
  });
});
