// One batch of an import as it is filled: COPY text per staging table in ~256 KiB chunks,
// port block records held until the flush splits them, and what the merge needs to know of the
// batch (repeated keys, months, longest and latest DHCP cover). Pure in-memory work; the
// database side is ImportPipeline's.
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { copyRow, copyText, copyTime } from './copy-text';
import { identifierKeysLiteral, primaryIdentifier } from './lease-identifiers';
import type {
  BindingEvent,
  LeaseFormat,
  NasResetEvent,
  PortBlockEvent,
} from './parsing/lease-event';

export type StageKind = 'bindings' | 'blocks';

export interface Batch {
  records: number;
  // Characters of COPY text held (one byte each for the ASCII that logs are made of).
  bytes: number;
  // COPY text in ~256 KiB chunks per staging table: one COPY message (and socket write) per
  // row costs more than parsing the row.
  chunks: Record<StageKind, string[]>;
  pending: Record<StageKind, string[]>;
  pendingBytes: Record<StageKind, number>;
  hasBindings: boolean;
  hasBlocks: boolean;
  resets: NasResetEvent[];
  // Binding records staged so far (each one's number in the batch is its `n`).
  bindingRecords: number;
  // Address and identifier of each binding record, to tell whether any repeats in the batch.
  keys: Set<string>;
  repeats: boolean;
  // Months (UTC, epoch ms of the 1st) of the staged records' starts: their partitions; the
  // last month noted, as [from, to) in epoch ms.
  months: Set<number>;
  monthFrom: number;
  monthTo: number;
  // The longest DHCP record (no session key) staged: end, else observation, minus start; and
  // the latest end, else observation, of those records (epoch ms).
  longestMs: number;
  coverMs: number;
  // Port block records of the batch, in order, with how often each block's key (public address,
  // first port, inside address, protocol) occurs in it; split at the flush (splitBlocks).
  blocks: PortBlockEvent[];
  blockKeys: Map<string, number>;
  // Each block record's key, in the order of `blocks` (made once, read again at the split).
  blockKeyList: string[];
  // COPY text of the allocations written straight into nat_port_blocks, and how many.
  directChunks: string[];
  directRows: number;
  // The latest block start of the batch (epoch ms), for lease_sources.latest_block_start.
  latestBlockMs: number;
}

const CHUNK_BYTES = 256 * 1024;
// A batch also ends at this much COPY text, so long records (full dhcpd.leases blocks, RADIUS
// detail) make smaller batches rather than more memory: with one batch in flight and one being
// filled, the importer holds at most about twice this.
export const BATCH_MAX_BYTES = 8 * 1024 * 1024;

export function newBatch(): Batch {
  return {
    records: 0,
    bytes: 0,
    chunks: { bindings: [], blocks: [] },
    pending: { bindings: [], blocks: [] },
    pendingBytes: { bindings: 0, blocks: 0 },
    hasBindings: false,
    hasBlocks: false,
    resets: [],
    bindingRecords: 0,
    keys: new Set(),
    repeats: false,
    months: new Set(),
    monthFrom: 0,
    monthTo: 0,
    longestMs: 0,
    coverMs: 0,
    blocks: [],
    blockKeys: new Map(),
    blockKeyList: [],
    directChunks: [],
    directRows: 0,
    latestBlockMs: Number.NEGATIVE_INFINITY,
  };
}

// Adds one parsed record to the batch. Returns false, adding nothing, for a binding record that
// carries no subscriber identifier (the caller rejects it).
export function addRecord(
  b: Batch,
  ev: BindingEvent | PortBlockEvent | NasResetEvent,
  sessionFormat: boolean,
): boolean {
  if (ev.type === 'binding') {
    const row = bindingRow(ev, sessionFormat, b.bindingRecords);
    if (!row) return false;
    b.bindingRecords++;
    noteKey(b, row.key);
    noteMonth(b, ev.start);
    if (!row.sessionKeyed) {
      const cover = (ev.end ?? ev.observedAt).getTime();
      const ms = cover - ev.start.getTime();
      if (ms > b.longestMs) b.longestMs = ms;
      if (cover > b.coverMs) b.coverMs = cover;
    }
    stageRow(b, 'bindings', row.text);
  } else if (ev.type === 'port_block') {
    noteMonth(b, ev.at);
    noteBlock(b, ev);
  } else {
    b.resets.push(ev);
  }
  b.records++;
  return true;
}

export function batchIsFull(b: Batch, batchSize: number): boolean {
  return b.records >= batchSize || b.bytes >= BATCH_MAX_BYTES;
}

// A port block record waits in the batch until its flush, when the whole batch's keys are known.
function noteBlock(b: Batch, ev: PortBlockEvent): void {
  const key = blockKey(ev);
  b.blockKeys.set(key, (b.blockKeys.get(key) ?? 0) + 1);
  b.blocks.push(ev);
  b.blockKeyList.push(key);
  // The COPY text it becomes is about this long; counted now so long lines end a batch sooner.
  b.bytes += ev.raw.length + 100;
}

function blockKey(ev: PortBlockEvent): string {
  return `${ev.publicIp}\t${ev.portLow}\t${ev.insideIp}\t${ev.protocol ?? ''}`;
}

// The fast path for port blocks (the merge's per-group work is only paid where it can change
// something): an allocation whose key occurs once in the batch and that starts after every
// block stored for the source can neither continue a stored block (the merge matches an
// allocation only with a stored block of the same key and start) nor be continued within the
// batch, so it is the block the merge would insert, and is written straight into
// nat_port_blocks. Every other record (interim updates, releases, repeated keys, allocations
// no later than the latest stored start, as in a re-import) is staged for the merge. Returns
// the latest stored block start after this batch.
export function splitBlocks(
  b: Batch,
  latestMs: number,
  sourceId: number,
  importId: number,
): number {
  if (b.blocks.length === 0) return latestMs;
  // Stored starts can carry microseconds: compare with the next whole millisecond.
  const bound = Math.ceil(latestMs);
  let latest = latestMs;
  const prefix = `${sourceId}\t${importId}\t`;
  let pending: string[] = [];
  let pendingBytes = 0;
  for (let i = 0; i < b.blocks.length; i++) {
    const ev = b.blocks[i];
    const at = ev.at.getTime();
    if (at > latest) latest = at;
    if (ev.action === 'alloc' && at > bound && b.blockKeys.get(b.blockKeyList[i]) === 1) {
      const row = prefix + directBlockRow(ev);
      pending.push(row);
      pendingBytes += row.length;
      b.directRows++;
      if (pendingBytes >= CHUNK_BYTES) {
        b.directChunks.push(pending.join(''));
        pending = [];
        pendingBytes = 0;
      }
    } else {
      stageRow(b, 'blocks', blockRow(ev));
    }
  }
  if (pending.length > 0) b.directChunks.push(pending.join(''));
  b.latestBlockMs = latest;
  b.blocks = [];
  b.blockKeyList = [];
  b.blockKeys.clear();
  return latest;
}

function noteMonth(b: Batch, at: Date): void {
  const ms = at.getTime();
  // Records of a file mostly fall in one month: only a time outside it looks the month up.
  if (ms >= b.monthFrom && ms < b.monthTo) return;
  const first = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  b.months.add(first);
  b.monthFrom = first;
  b.monthTo = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
}

// Records can chain within a batch only if they share address and identifier (and session and
// bucket, which the database checks when this says some key repeats). The key is one string
// (hashing it flattens it; an identifier kept as a Map value stayed a slice of the file's text
// and kept every chunk of the batch alive).
function noteKey(b: Batch, key: string): void {
  if (b.repeats) return;
  if (b.keys.has(key)) {
    b.repeats = true;
    b.keys.clear();
  } else {
    b.keys.add(key);
  }
}

function stageRow(b: Batch, kind: StageKind, row: string): void {
  if (kind === 'bindings') b.hasBindings = true;
  else b.hasBlocks = true;
  b.pending[kind].push(row);
  b.pendingBytes[kind] += row.length;
  b.bytes += row.length;
  if (b.pendingBytes[kind] >= CHUNK_BYTES) sealKind(b, kind);
}

function sealKind(b: Batch, kind: StageKind): void {
  if (b.pending[kind].length === 0) return;
  b.chunks[kind].push(b.pending[kind].join(''));
  b.pending[kind] = [];
  b.pendingBytes[kind] = 0;
}

export function sealPending(b: Batch): void {
  sealKind(b, 'bindings');
  sealKind(b, 'blocks');
}

export async function copyChunks(client: PoolClient, sql: string, chunks: string[]): Promise<void> {
  const sink = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  try {
    for (const chunk of chunks) {
      // A failing COPY never drains: wait for whichever comes first.
      if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), done]);
    }
  } finally {
    sink.end();
  }
  await done;
}

// Only these formats carry real sessions (Start/Stop pairs, or a session id given by the ISP);
// DHCP records are chained by address and identifier instead, so a gap starts a new binding.
export const SESSION_FORMATS = new Set<LeaseFormat>(['radius-detail', 'generic-csv']);

function bindingRow(
  ev: BindingEvent,
  useSessionKey: boolean,
  n: number,
): { text: string; key: string; sessionKeyed: boolean } | null {
  const primary = primaryIdentifier(ev.identifiers);
  if (!primary) return null;
  // A /32 or /128 is stored as a host address, so a probe's address matches it by equality.
  const ip = ev.prefix.endsWith(ev.family === 4 ? '/32' : '/128')
    ? ev.prefix.slice(0, ev.prefix.lastIndexOf('/'))
    : ev.prefix;
  const sessionKey = useSessionKey ? (ev.sessionKey ?? null) : null;
  // One array joined per row (the column order of STAGE_BINDINGS_COLUMNS): encoding an array
  // of values by type, or a template of many parts, cost more than parsing the record.
  const text = [
    ev.family,
    copyText(ip),
    primary.type,
    copyText(primary.value),
    copyText(identifierKeysLiteral(ev.identifiers)),
    sessionKey === null ? '\\N' : copyText(sessionKey),
    ev.nas ? copyText(ev.nas) : '\\N',
    ev.start.getTime(),
    ev.end === null ? '\\N' : ev.end.getTime(),
    ev.endIsActual ? 't' : 'f',
    ev.observedAt.getTime(),
    ev.lineNumber,
    copyText(ev.raw),
    `${n}\n`,
  ].join('\t');
  return {
    text,
    key: `${ip}\t${primary.type}\t${primary.value}`,
    sessionKeyed: sessionKey !== null,
  };
}

function blockRow(ev: PortBlockEvent): string {
  return copyRow([
    ev.action,
    ev.publicIp,
    ev.portLow,
    ev.portHigh,
    ev.insideIp,
    ev.pool ?? null,
    ev.protocol ?? null,
    ev.at,
    ev.lineNumber,
    ev.raw,
  ]);
}

// An allocation as nat_port_blocks stores it (DIRECT_BLOCKS_COLUMNS after source and import):
// starts and confirmed_until at the allocation, no end, start not inferred.
function directBlockRow(ev: PortBlockEvent): string {
  const at = copyTime(ev.at);
  return `${ev.publicIp}\t${ev.portLow}\t${ev.portHigh}\t${ev.insideIp}\t${ev.pool === undefined ? '\\N' : copyText(ev.pool)}\t${ev.protocol ?? '\\N'}\t${at}\t${at}\t${ev.lineNumber}\t${copyText(ev.raw)}\n`;
}
