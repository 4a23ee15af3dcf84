import Handlebars from 'handlebars';

export interface DailyCount {
  // YYYY-MM-DD (UTC)
  day: string;
  count: number;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 16, right: 12, bottom: 36, left: 40 };
const escape = (s: string) => Handlebars.Utils.escapeExpression(s);

// Fills the days without data so the axis shows every day of the window, oldest first.
export function fillDays(counts: DailyCount[], days: number, today: Date): DailyCount[] {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const out: DailyCount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i),
    )
      .toISOString()
      .slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}

// A bar chart as inline SVG, drawn on the server: no script, nothing for the CSP to allow.
// Colours are presentation attributes (not style attributes), which CSP does not govern.
export function barChartSvg(title: string, data: DailyCount[]): string {
  const max = Math.max(1, ...data.map((d) => d.count));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, data.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const bars = data
    .map((d, i) => {
      const x = PAD.left + i * slot + (slot - barW) / 2;
      const top = y(d.count);
      const label = `${d.day}: ${d.count}`;
      const tick =
        i % Math.ceil(data.length / 7) === 0
          ? `<text x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#333">${escape(d.day.slice(5))}</text>`
          : '';
      return (
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" ` +
        `height="${(PAD.top + plotH - top).toFixed(1)}" fill="#1d5fa8"><title>${escape(label)}</title></rect>${tick}`
      );
    })
    .join('');
  const axis =
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="#555"/>` +
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" font-size="11" fill="#333">${max}</text>` +
    `<text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end" font-size="11" fill="#333">0</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" class="chart" role="img" aria-labelledby="chart-title">` +
    `<title id="chart-title">${escape(title)}</title>${axis}${bars}</svg>`
  );
}
