import type { LineChunks } from './lease-event';
// Splits dhcpd.leases text into top-level `{ ... }` blocks, honouring quoted strings (uid and
// agent options may contain `;`, `{`, `}` or `#`) and `#` comments.

export interface DhcpdBlock {
  header: string;
  statements: string[];
  children: DhcpdBlock[];
}

export type DhcpdItem =
  | { kind: 'block'; block: DhcpdBlock; lineNumber: number; raw: string }
  | { kind: 'error'; lineNumber: number; reason: string; raw: string };

// Keywords that only appear at top level; seeing one nested means a `}` went missing.
const TOP_LEVEL = /^(lease|ia-na|ia-ta|ia-pd|failover|host|class|subclass)\b/;
const MAX_RECORD_LINES = 10_000;
const SPECIAL = /["#;{}]/g;

// Items come as one array per chunk of lines, so a block costs no await of its own.
export async function* readDhcpdBlocks(lines: LineChunks): AsyncGenerator<DhcpdItem[]> {
  let stack: DhcpdBlock[] = [];
  let buffer = '';
  let recordLines: string[] = [];
  let recordStart = 1;
  let lineNumber = 0;
  let inString = false;
  let items: DhcpdItem[] = [];

  // The three events of both paths below: a statement ends, a block opens, a block closes.
  const statementEnds = (statement: string) => {
    if (stack.length > 0 && statement !== '') stack[stack.length - 1].statements.push(statement);
  };
  const blockOpens = (header: string, line: string) => {
    if (stack.length > 0 && TOP_LEVEL.test(header)) {
      items.push({
        kind: 'error',
        lineNumber: recordStart,
        reason: `block not closed before line ${lineNumber}`,
        raw: recordLines.slice(0, -1).join('\n'),
      });
      stack = [];
      recordLines = [line];
      recordStart = lineNumber;
    }
    stack.push({ header, statements: [], children: [] });
  };
  // False when no block is open.
  const blockCloses = (): boolean => {
    const closed = stack.pop();
    if (!closed) return false;
    if (stack.length > 0) {
      stack[stack.length - 1].children.push(closed);
    } else {
      items.push({
        kind: 'block',
        block: closed,
        lineNumber: recordStart,
        raw: recordLines.join('\n'),
      });
      recordLines = [];
      recordStart = lineNumber;
    }
    return true;
  };

  for await (const chunk of lines) {
    items = [];
    for (const line of chunk) {
      lineNumber += 1;
      if (stack.length === 0 && buffer.trim() === '') {
        recordLines = [];
        recordStart = lineNumber;
        buffer = '';
      }
      recordLines.push(line);
      // Nearly every line is one whole statement, a block's header or its closing brace, with
      // nothing quoted and no comment: handled without the character scan below.
      let handled = false;
      if (buffer === '' && line.indexOf('"') < 0 && line.indexOf('#') < 0) {
        const t = line.trim();
        const last = t.length - 1;
        const semi = t.indexOf(';');
        const open = t.indexOf('{');
        const close = t.indexOf('}');
        if (semi === last && last >= 0 && open < 0 && close < 0) {
          statementEnds(t.slice(0, last).trimEnd());
          handled = true;
        } else if (t === '}' && stack.length > 0) {
          handled = blockCloses();
        } else if (open === last && last >= 0 && semi < 0 && close < 0) {
          blockOpens(t.slice(0, last).trimEnd(), line);
          handled = true;
        }
      }
      if (!handled) {
        let escaped = false;
        for (let i = 0; i < line.length; i++) {
          if (!inString) {
            // Copy ordinary text up to the next special character in one slice (the hot path).
            SPECIAL.lastIndex = i;
            const next = SPECIAL.exec(line);
            const j = next ? next.index : line.length;
            if (j > i) {
              buffer += line.slice(i, j);
              i = j;
              if (i >= line.length) break;
            }
          }
          const ch = line[i];
          if (inString) {
            buffer += ch;
            if (escaped) escaped = false;
            else if (ch === '\\') escaped = true;
            else if (ch === '"') inString = false;
            continue;
          }
          if (ch === '"') {
            inString = true;
            buffer += ch;
          } else if (ch === '#') {
            break;
          } else if (ch === ';') {
            const statement = buffer.trim();
            buffer = '';
            statementEnds(statement);
          } else if (ch === '{') {
            const header = buffer.trim();
            buffer = '';
            blockOpens(header, line);
          } else if (ch === '}') {
            buffer = '';
            if (!blockCloses()) {
              items.push({ kind: 'error', lineNumber, reason: 'unexpected }', raw: line });
            }
          } else {
            buffer += ch;
          }
        }
        if (inString) {
          // dhcpd never writes multi-line strings: treat as damage and drop the rest of the line.
          inString = false;
          buffer = '';
          items.push({ kind: 'error', lineNumber, reason: 'unterminated string', raw: line });
        }
      }
      if (buffer !== '') buffer += ' ';
      if (recordLines.length > MAX_RECORD_LINES) {
        items.push({
          kind: 'error',
          lineNumber: recordStart,
          reason: `record longer than ${MAX_RECORD_LINES} lines`,
          raw: recordLines.slice(0, 20).join('\n'),
        });
        stack = [];
        buffer = '';
        recordLines = [];
      }
    }
    if (items.length > 0) yield items;
  }
  if (stack.length > 0 || buffer.trim() !== '') {
    yield [
      {
        kind: 'error',
        lineNumber: recordStart,
        reason: 'unterminated block at end of file',
        raw: recordLines.join('\n'),
      },
    ];
  }
}
