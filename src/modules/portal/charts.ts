import { formatDayIn } from './i18n/portal-format';

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

export interface CategoryCount {
  label: string;
  count: number;
}

// Several charts share a page: each needs its own element ids for aria-labelledby.
export interface ChartText {
  id?: string;
  // Read out after the title: what the chart shows and where the same numbers are as text.
  description?: string;
}

function chartOpen(width: number, height: number, title: string, text: ChartText): string {
  const id = text.id ?? 'chart';
  const titleId = text.id ? `${id}-title` : 'chart-title';
  const desc = text.description
    ? `<desc id="${escape(id)}-desc">${escape(text.description)}</desc>`
    : '';
  const labelledBy = text.description ? `${titleId} ${id}-desc` : titleId;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart" role="img" aria-labelledby="${escape(labelledBy)}">` +
    `<title id="${escape(titleId)}">${escape(title)}</title>${desc}`
  );
}

// A bar chart as inline SVG, drawn on the server: no script, nothing for the CSP to allow.
// Colours are presentation attributes (not style attributes), which CSP does not govern.
export function barChartSvg(title: string, data: DailyCount[], text: ChartText = {}): string {
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
          ? `<text x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#333" data-day="${escape(d.day)}">${escape(formatDayIn('en', d.day))}</text>`
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
  return `${chartOpen(WIDTH, HEIGHT, title, text)}${axis}${bars}</svg>`;
}

const ROW_H = 24;
const LABEL_W = 270;
const VALUE_W = 56;

// Horizontal bars, one per category (outcomes, queue states), each labelled with its name and
// count, so the chart reads without colour and the numbers are in the drawing itself.
export function categoryChartSvg(
  title: string,
  data: CategoryCount[],
  text: ChartText = {},
): string {
  const max = Math.max(1, ...data.map((d) => d.count));
  const height = PAD.top + Math.max(1, data.length) * ROW_H + 8;
  const plotW = WIDTH - LABEL_W - VALUE_W - PAD.right;
  const rows = data
    .map((d, i) => {
      const y = PAD.top + i * ROW_H;
      const w = d.count === 0 ? 0 : Math.max(2, (d.count / max) * plotW);
      return (
        `<text x="${LABEL_W - 8}" y="${y + 16}" text-anchor="end" font-size="12" fill="#1b1b1b">${escape(d.label)}</text>` +
        `<rect x="${LABEL_W}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW_H - 8}" fill="#1d5fa8"><title>${escape(`${d.label}: ${d.count}`)}</title></rect>` +
        `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 16}" font-size="12" fill="#1b1b1b">${d.count}</text>`
      );
    })
    .join('');
  const axis = `<line x1="${LABEL_W}" y1="${PAD.top}" x2="${LABEL_W}" y2="${height - 8}" stroke="#555"/>`;
  return `${chartOpen(WIDTH, height, title, text)}${axis}${rows}</svg>`;
}
