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
  const splitter = new DhcpdBlockSplitter();
  for await (const chunk of lines) {
    for (const line of chunk) splitter.line(line);
    const items = splitter.take();
    if (items.length > 0) yield items;
  }
  const last = splitter.end();
  if (last) yield [last];
}

// The splitter's state between lines: the open blocks, the statement being read (a statement
// may span lines), the lines of the record so far, and whether a quoted string is open.
class DhcpdBlockSplitter {
  private stack: DhcpdBlock[] = [];
  private buffer = '';
  private recordLines: string[] = [];
  private recordStart = 1;
  private lineNumber = 0;
  private inString = false;
  private items: DhcpdItem[] = [];

  take(): DhcpdItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  line(line: string): void {
    this.lineNumber += 1;
    if (this.stack.length === 0 && this.buffer.trim() === '') {
      this.recordLines = [];
      this.recordStart = this.lineNumber;
      this.buffer = '';
    }
    this.recordLines.push(line);
    if (!this.plainLine(line)) this.scan(line);
    if (this.buffer !== '') this.buffer += ' ';
    if (this.recordLines.length > MAX_RECORD_LINES) {
      this.items.push({
        kind: 'error',
        lineNumber: this.recordStart,
        reason: `record longer than ${MAX_RECORD_LINES} lines`,
        raw: this.recordLines.slice(0, 20).join('\n'),
      });
      this.stack = [];
      this.buffer = '';
      this.recordLines = [];
    }
  }

  // What is left open at the end of the file, as an error.
  end(): DhcpdItem | null {
    if (this.stack.length === 0 && this.buffer.trim() === '') return null;
    return {
      kind: 'error',
      lineNumber: this.recordStart,
      reason: 'unterminated block at end of file',
      raw: this.recordLines.join('\n'),
    };
  }

  // Nearly every line is one whole statement, a block's header or its closing brace, with
  // nothing quoted and no comment: handled without the character scan. False when the line
  // needs the scan.
  private plainLine(line: string): boolean {
    if (this.buffer !== '' || line.indexOf('"') >= 0 || line.indexOf('#') >= 0) return false;
    const t = line.trim();
    const last = t.length - 1;
    const semi = t.indexOf(';');
    const open = t.indexOf('{');
    const close = t.indexOf('}');
    if (semi === last && last >= 0 && open < 0 && close < 0) {
      this.statementEnds(t.slice(0, last).trimEnd());
      return true;
    }
    if (t === '}' && this.stack.length > 0) return this.blockCloses();
    if (open === last && last >= 0 && semi < 0 && close < 0) {
      this.blockOpens(t.slice(0, last).trimEnd(), line);
      return true;
    }
    return false;
  }

  // Character by character, honouring quoted strings and comments.
  private scan(line: string): void {
    let escaped = false;
    for (let i = 0; i < line.length; i++) {
      if (!this.inString) {
        // Copy ordinary text up to the next special character in one slice (the hot path).
        SPECIAL.lastIndex = i;
        const next = SPECIAL.exec(line);
        const j = next ? next.index : line.length;
        if (j > i) {
          this.buffer += line.slice(i, j);
          i = j;
          if (i >= line.length) break;
        }
      }
      const ch = line[i];
      if (this.inString) {
        this.buffer += ch;
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '#') break;
      this.special(ch, line);
    }
    if (this.inString) {
      // dhcpd never writes multi-line strings: treat as damage and drop the rest of the line.
      this.inString = false;
      this.buffer = '';
      this.items.push({
        kind: 'error',
        lineNumber: this.lineNumber,
        reason: 'unterminated string',
        raw: line,
      });
    }
  }

  // One character outside a string, other than a comment's `#`.
  private special(ch: string, line: string): void {
    if (ch === '"') {
      this.inString = true;
      this.buffer += ch;
    } else if (ch === ';') {
      const statement = this.buffer.trim();
      this.buffer = '';
      this.statementEnds(statement);
    } else if (ch === '{') {
      const header = this.buffer.trim();
      this.buffer = '';
      this.blockOpens(header, line);
    } else if (ch === '}') {
      this.buffer = '';
      if (!this.blockCloses()) {
        this.items.push({
          kind: 'error',
          lineNumber: this.lineNumber,
          reason: 'unexpected }',
          raw: line,
        });
      }
    } else {
      this.buffer += ch;
    }
  }

  private statementEnds(statement: string): void {
    const stack = this.stack;
    if (stack.length > 0 && statement !== '') stack[stack.length - 1].statements.push(statement);
  }

  private blockOpens(header: string, line: string): void {
    if (this.stack.length > 0 && TOP_LEVEL.test(header)) {
      this.items.push({
        kind: 'error',
        lineNumber: this.recordStart,
        reason: `block not closed before line ${this.lineNumber}`,
        raw: this.recordLines.slice(0, -1).join('\n'),
      });
      this.stack = [];
      this.recordLines = [line];
      this.recordStart = this.lineNumber;
    }
    this.stack.push({ header, statements: [], children: [] });
  }

  // False when no block is open.
  private blockCloses(): boolean {
    const closed = this.stack.pop();
    if (!closed) return false;
    if (this.stack.length > 0) {
      this.stack[this.stack.length - 1].children.push(closed);
    } else {
      this.items.push({
        kind: 'block',
        block: closed,
        lineNumber: this.recordStart,
        raw: this.recordLines.join('\n'),
      });
      this.recordLines = [];
      this.recordStart = this.lineNumber;
    }
    return true;
  }
}
