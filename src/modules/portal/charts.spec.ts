import { barChartSvg, categoryChartSvg, fillDays } from './charts';
import { formatDayIn } from './i18n/portal-format';
import { translateMarkup } from './portal-view.service';

describe('charts', () => {
  it('fills missing days with zero, oldest first, ending today (UTC)', () => {
    const days = fillDays([{ day: '2026-11-21', count: 4 }], 3, new Date('2026-11-22T23:59:00Z'));
    expect(days).toEqual([
      { day: '2026-11-20', count: 0 },
      { day: '2026-11-21', count: 4 },
      { day: '2026-11-22', count: 0 },
    ]);
  });

  it('draws one bar per day, scaled to the largest count, with an accessible title', () => {
    const svg = barChartSvg('Imports per day', [
      { day: '2026-11-20', count: 2 },
      { day: '2026-11-21', count: 4 },
    ]);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="chart-title">Imports per day</title>');
    expect(svg).toContain('<title>2026-11-21: 4</title>');
    const heights = [...svg.matchAll(/height="([\d.]+)" fill/g)].map((m) => Number(m[1]));
    expect(heights[1]).toBeCloseTo(heights[0] * 2, 0);
    // No script and no style attribute: nothing the CSP has to allow.
    expect(svg).not.toMatch(/<script|style=/);
  });

  it('writes the axis days in the page’s locale, not as MM-DD', () => {
    const svg = barChartSvg('Imports per day', [
      { day: '2026-12-07', count: 1 },
      { day: '2026-01-31', count: 2 },
    ]);
    const ticks = (markup: string) =>
      [...markup.matchAll(/data-day="[\d-]+">([^<]*)</g)].map((m) => m[1]);
    expect(ticks(svg)).toEqual(['Dec 7', 'Jan 31']);
    expect(svg).not.toContain('>12-07<');
    expect(ticks(translateMarkup('en', svg))).toEqual(['Dec 7', 'Jan 31']);
    expect(ticks(translateMarkup('fr', svg))).toEqual(['7 déc.', '31 janv.']);
    // UTC days, whatever the server's zone: the last second of a day is still that day.
    expect(formatDayIn('fr', '2026-12-31')).toBe('31 déc.');
    expect(formatDayIn('en', 'not a day')).toBe('not a day');
  });

  it('escapes text it is given', () => {
    expect(barChartSvg('<b>&', [])).toContain('&lt;b&gt;&amp;');
  });

  it('gives each chart its own title and description ids when several share a page', () => {
    const svg = barChartSvg('Notices per day', [{ day: '2026-11-20', count: 1 }], {
      id: 'notices-chart',
      description: 'The table below gives the same figures.',
    });
    expect(svg).toContain('aria-labelledby="notices-chart-title notices-chart-desc"');
    expect(svg).toContain('<title id="notices-chart-title">Notices per day</title>');
    expect(svg).toContain(
      '<desc id="notices-chart-desc">The table below gives the same figures.</desc>',
    );
  });

  it('draws one labelled bar per category, with its count as text', () => {
    const svg = categoryChartSvg(
      'Outcomes',
      [
        { label: 'Forwarded', count: 6 },
        { label: 'Duplicate', count: 3 },
        { label: 'Refused <rule>', count: 0 },
      ],
      { id: 'outcomes', description: 'Items by outcome.' },
    );
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('<title>Forwarded: 6</title>');
    expect(svg).toContain('>Refused &lt;rule&gt;</text>');
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths[0]).toBeCloseTo(widths[1] * 2, 0);
    expect(widths[2]).toBe(0);
    expect(svg).toContain('aria-labelledby="outcomes-title outcomes-desc"');
    expect(svg).not.toMatch(/<script|style=/);
  });
});
