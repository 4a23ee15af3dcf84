// What must never reach a person reading a page, a message or a package: requirement ids of
// the domain brief ("(VA-5)") and stored tokens in brackets ("(api)", "(json)").
export const REQUIREMENT_ID = /\([A-Z]{2}-\d+(?:,\s*[A-Z]{2}-\d+)*\)/;
export const INTERNAL_TOKEN =
  /\((?:api|json|xml|csv|email|portal|paper|acns|xarf4|xarf02|text|system|user|api_key)\)/;

// The text a person reads: tags, attribute values and entity escapes removed.
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// Each problem as "where: the words around it".
export function wordingProblems(where: string, text: string): string[] {
  const out: string[] = [];
  for (const re of [REQUIREMENT_ID, INTERNAL_TOKEN]) {
    const g = new RegExp(re.source, 'g');
    for (const m of text.matchAll(g)) {
      const i = m.index ?? 0;
      out.push(`${where}: …${text.slice(Math.max(0, i - 40), i + m[0].length + 10).trim()}…`);
    }
  }
  return out;
}
