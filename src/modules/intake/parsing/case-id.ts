import type { ParsedNotice } from './parsed-notice';

// "Notice ID: 3458172960" (also Case ID, Notice Reference), alone on its line, quoted or not.
const NOTICE_ID =
  /^[ \t>]*(?:Notice|Case)[ \t]*(?:ID|Identifier|Reference|Ref\.?|Number|No\.?|#)[ \t]*[:#][ \t]*([A-Za-z0-9][A-Za-z0-9._/-]{2,63})[ \t]*$/im;

/** The notice id a human text states, or null. */
export function noticeIdInText(text: string): string | null {
  return NOTICE_ID.exec(text.slice(0, 200_000))?.[1] ?? null;
}

/**
 * An empty Case/ID falls back on the notice id the text states, marked as taken from the text
 * (caseIdSource and a warning), so the desk and the sender see where it came from.
 */
export function caseIdFromText(notice: ParsedNotice, text: string): void {
  if (notice.caseId !== null) return;
  const id = noticeIdInText(text);
  if (id === null) return;
  notice.caseId = id;
  notice.caseIdSource = 'text';
  const reports = new Set(notice.items.map((i) => i.report?.index ?? 0));
  // With several reports the one line cannot say which report it names.
  if (reports.size <= 1) for (const item of notice.items) item.caseId ??= id;
  notice.warnings.push({
    code: 'case_id_from_text',
    message: `Case/ID is empty; notice id "${id}" taken from the "Notice ID" line of the text`,
  });
}

// "Infringed Work: The Long Road Home" (also Title, Work), alone on its line.
const WORK =
  /^[ \t>]*(?:Infringed\s+Work|Infringing\s+Work|Copyrighted\s+Work|Work|Title)[ \t]*:[ \t]*(\S[^\n]{0,299}?)[ \t]*$/im;

/**
 * A notice whose XML lost its Content block (truncated) still names the work in its text: the
 * title is taken from there, marked by a warning.
 */
export function titleFromText(notice: ParsedNotice, text: string): void {
  if (notice.titles.length > 0 || notice.items.some((i) => i.title !== null)) return;
  const title = WORK.exec(text.slice(0, 200_000))?.[1];
  if (title === undefined) return;
  notice.titles = [title];
  notice.warnings.push({
    code: 'title_from_text',
    message: `no title in the structured part; "${title.slice(0, 80)}" taken from the text`,
  });
}
