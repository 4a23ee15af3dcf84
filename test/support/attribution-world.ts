import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';

// Generated worlds for the attribution property test, and the oracle that answers a probe
// over a world by brute force. The oracle is written from the rule in docs/attribution.md
// (in the words of ../shared/DOMAIN.md), not from the engine: it walks every holding of the
// world, as the generator made it, with no index, no SQL and no candidate fetching.
//
// All times are whole seconds after T0. A world occupies its own addresses (number n):
//   plain IPv4 10.n.0.1-3 (10.n.0.9 never leased), IPv6 2001:db8:<n hex>::/48 with nested
//   delegations, CGNAT inside addresses 100.64.n.1-3 behind dynamic pool 198.51.100.n (blocks
//   of 64 ports from 1024, quarantine per world), deterministic pool 203.0.113.n (RFC 7422:
//   blocks of 1,000 ports from 1024, inside 100.65.n.0-3).

export const T0 = Date.parse('2026-10-04T02:00:00Z');
const H = 4000;

type HoldingKind = 'lease' | 'renewed' | 'open' | 'session' | 'session-open';
type SourceKind = 'dhcp' | 'radius' | 'nat';

export interface Holding {
  kind: HoldingKind;
  source: 'dhcp' | 'radius';
  // The address or delegated prefix as CIDR.
  prefix: string;
  device: number;
  start: number;
  // Where the holding ends: the release, Stop or expiry, else the last confirmation.
  end: number;
  // The log records that realise it: [start, end | null (open)].
  records: Array<[number, number | null]>;
  sessionId?: string;
}

export type BlockProtocol = 'tcp' | 'udp' | null;

export interface Block {
  slot: number;
  inside: string;
  // Per-protocol blocks (A10 CEF proto=); null: every protocol (Juniper PBA).
  protocol: BlockProtocol;
  start: number;
  end: number;
  released: boolean;
  interim: number | null;
}

export interface ProbeCase {
  ip: string;
  port?: number;
  // The connection's transport protocol, when the probe states one.
  protocol?: 'tcp' | 'udp';
  t: number;
}

export interface Verdict {
  outcome: 'unique' | 'ambiguous' | 'no_lease' | 'needs_port';
  // Account index for unique; account count for ambiguous; quarantine flag for no_lease.
  account?: number;
  accounts?: number;
  quarantine?: boolean;
}

export interface World {
  n: number;
  tol: Record<SourceKind, number>;
  quarantine: number;
  holdings: Holding[];
  blocks: Block[];
  probes: ProbeCase[];
}

export const ACCOUNTS = 3;
// Two devices (MACs) per account: a device of the same account near a holding is no rival.
export const accountOfDevice = (device: number): number => Math.floor(device / 2);
export const macOf = (n: number, device: number): string =>
  `02:00:${hex2(n >> 8)}:${hex2(n & 255)}:00:${hex2(device)}`;
const hex2 = (v: number) => v.toString(16).padStart(2, '0');

export const DYN = { portMin: 1024, blockSize: 64, slots: 4 };
export const DET = { portMin: 1024, blockSize: 1000, blocks: 4 };

const holdingArb = fc.record({
  kind: fc.constantFrom<HoldingKind>('lease', 'renewed', 'open', 'session', 'session-open'),
  device: fc.integer({ min: 0, max: ACCOUNTS * 2 - 1 }),
  start: fc.integer({ min: 0, max: H }),
  dur: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 1500 })),
  k: fc.integer({ min: 2, max: 4 }),
  extra: fc.integer({ min: 0, max: 600 }),
});
type RawHolding = typeof holdingArb extends fc.Arbitrary<infer T> ? T : never;

const blockArb = fc.record({
  inside: fc.integer({ min: 1, max: 3 }),
  start: fc.integer({ min: 0, max: H }),
  dur: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 1500 })),
  released: fc.boolean(),
  interim: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  protocol: fc.constantFrom<BlockProtocol>(null, 'tcp', 'udp'),
});
type RawBlock = typeof blockArb extends fc.Arbitrary<infer T> ? T : never;

// v6Prefixes gives this many delegations per world.
const V6_PREFIXES = 6;
const tolArb = fc.constantFrom(0, 1, 5, 30, 60, 120);
const perAddress = (count: number) =>
  fc.array(fc.array(holdingArb, { maxLength: 4 }), { minLength: count, maxLength: count });

export const rawWorldArb = fc.record({
  tol: fc.record({ dhcp: tolArb, radius: tolArb, nat: tolArb }),
  quarantine: fc.constantFrom(0, 30, 120, 300),
  v4: perAddress(3),
  v6: perAddress(V6_PREFIXES),
  inside: perAddress(3),
  det: perAddress(DET.blocks),
  slots: fc.array(fc.array(blockArb, { maxLength: 4 }), {
    minLength: DYN.slots,
    maxLength: DYN.slots,
  }),
  probeSeed: fc.integer(),
});
export type RawWorld = typeof rawWorldArb extends fc.Arbitrary<infer T> ? T : never;

// Nested delegations: /56 ⊃ /60 ⊃ /64 ⊃ ::1, and a second /56 ⊃ /64.
function v6Prefixes(n: number): string[] {
  const b = `2001:db8:${n.toString(16)}`;
  return [`${b}::/56`, `${b}::/60`, `${b}::/64`, `${b}::1/128`, `${b}:100::/56`, `${b}:100::/64`];
}

function v6Probes(n: number): string[] {
  const b = `2001:db8:${n.toString(16)}`;
  return [
    `${b}::1`,
    `${b}::2`,
    `${b}:5::1`,
    `${b}:80::1`,
    `${b}:100::7`,
    `${b}:101::7`,
    `${b}:200::1`,
  ];
}

export const plainV4 = (n: number, i: number) => `10.${n}.0.${i}`;
export const insideV4 = (n: number, i: number) => `100.64.${n}.${i}`;
export const detInside = (n: number, i: number) => `100.65.${n}.${i}`;
export const dynPublic = (n: number) => `198.51.100.${n}`;
export const detPublic = (n: number) => `203.0.113.${n}`;

// Turns the generated shape into holdings whose log records the importer cannot chain into
// something else: holdings of one device on one address in one DHCP source are kept apart
// (each starts after everything the one before it scheduled), as are the blocks of one inside
// address on one port block.
export function buildWorld(raw: RawWorld, n: number): World {
  const holdings: Holding[] = [];
  let session = 0;
  const addHoldings = (prefix: string, list: RawHolding[]) => {
    const dhcpReach = new Map<number, number>();
    for (const h of [...list].sort((a, b) => a.start - b.start)) {
      const s = h.start;
      const e = h.start + h.dur;
      if (h.kind === 'session' || h.kind === 'session-open') {
        session++;
        const open = h.kind === 'session-open';
        holdings.push({
          kind: h.kind,
          source: 'radius',
          prefix,
          device: h.device,
          start: s,
          end: open ? s : e,
          records: open
            ? [[s, null]]
            : [
                [s, null],
                [s, e],
              ],
          sessionId: `w${n}-s${session}`,
        });
        continue;
      }
      let records: Array<[number, number | null]>;
      let reach: number;
      if (h.kind === 'open') {
        records = [[s, null]];
        reach = s;
      } else if (h.kind === 'lease') {
        records = [[s, e]];
        reach = e;
      } else {
        // Renewals every `step` of a lease `step + extra` long; the last record ends at e,
        // before its scheduled expiry when the device released early.
        const step = Math.floor(h.dur / (h.k - 1));
        records = [];
        reach = e;
        for (let i = 0; i < h.k - 1; i++) {
          records.push([s + i * step, s + i * step + step + h.extra]);
          reach = Math.max(reach, s + i * step + step + h.extra);
        }
        records.push([s + (h.k - 1) * step, e]);
      }
      const before = dhcpReach.get(h.device);
      if (before !== undefined && s <= before) continue;
      dhcpReach.set(h.device, reach);
      const end = h.kind === 'open' ? s : e;
      holdings.push({
        kind: h.kind,
        source: 'dhcp',
        prefix,
        device: h.device,
        start: s,
        end,
        records,
      });
    }
  };
  raw.v4.forEach((list, i) => addHoldings(`${plainV4(n, i + 1)}/32`, list));
  v6Prefixes(n).forEach((p, i) => addHoldings(p, raw.v6[i]));
  raw.inside.forEach((list, i) => addHoldings(`${insideV4(n, i + 1)}/32`, list));
  raw.det.forEach((list, i) => addHoldings(`${detInside(n, i)}/32`, list));

  const blocks: Block[] = [];
  raw.slots.forEach((list: RawBlock[], slot) => {
    // Blocks of one inside address and protocol are kept apart; blocks of different protocols
    // (a TCP and a UDP block, or either and a protocol-less one) may overlap.
    const reach = new Map<string, number>();
    for (const b of [...list].sort((x, y) => x.start - y.start)) {
      // A10 writes no interim updates: a per-protocol block is confirmed by its allocation
      // and ended by its release only.
      const interimAfter = b.protocol === null ? b.interim : null;
      const end = b.released ? b.start + b.dur : b.start + Math.min(b.dur, interimAfter ?? 0);
      const interim = interimAfter === null ? null : b.start + Math.min(b.dur, interimAfter);
      const key = `${b.inside}|${b.protocol}`;
      const before = reach.get(key);
      if (before !== undefined && b.start <= before) continue;
      reach.set(key, end);
      blocks.push({
        slot,
        inside: insideV4(n, b.inside),
        protocol: b.protocol,
        start: b.start,
        end,
        released: b.released,
        interim,
      });
    }
  });

  const world: World = {
    n,
    tol: raw.tol,
    quarantine: raw.quarantine,
    holdings,
    blocks,
    probes: [],
  };
  world.probes = probesFor(world, raw.probeSeed);
  return world;
}

// Probes aimed at what the target holds: a point inside one of its holdings, or one of their
// edges (start, end, quarantine end) moved by 0, 1, a tolerance or the quarantine, either way
// and sometimes a second further; some anywhere.
export const PROBES_PER_WORLD = 420;

function probesFor(w: World, seed: number): ProbeCase[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const shifts = [0, 1, w.tol.dhcp, w.tol.radius, w.tol.nat, w.quarantine];
  const instant = (spans: Array<[number, number]>, edges: number[]) => {
    const r = rnd();
    if (r < 0.1 || spans.length === 0) return Math.floor(rnd() * (H + 2000)) - 300;
    if (r < 0.5) {
      const [s, e] = pick(spans);
      return s + Math.floor(rnd() * (e - s + 1));
    }
    const d = pick(shifts) + (rnd() < 0.3 ? 1 : 0);
    return pick(edges) + (rnd() < 0.5 ? -d : d);
  };
  const leaseSpans = (ip: string) =>
    w.holdings.filter((h) => contains(h.prefix, ip)).map((h): [number, number] => [h.start, h.end]);
  const out: ProbeCase[] = [];
  const v6 = v6Probes(w.n);
  for (let i = 0; i < PROBES_PER_WORLD; i++) {
    const r = rnd();
    let probe: { ip: string; port?: number; protocol?: 'tcp' | 'udp' };
    let spans: Array<[number, number]>;
    let edges: number[];
    if (r < 0.45) {
      const ip = r < 0.25 ? plainV4(w.n, pick([1, 2, 3, 9])) : pick(v6);
      probe = { ip };
      spans = leaseSpans(ip);
      edges = spans.flat();
    } else if (r < 0.85) {
      const slot = Math.floor(rnd() * (DYN.slots + 0.3));
      const port =
        rnd() < 0.05
          ? undefined
          : DYN.portMin + slot * DYN.blockSize + Math.floor(rnd() * DYN.blockSize);
      const protocol = pick([undefined, 'tcp', 'udp'] as const);
      probe = { ip: dynPublic(w.n), port, ...(protocol ? { protocol } : {}) };
      const blocks = w.blocks.filter((b) => b.slot === slot);
      spans = blocks.map((b): [number, number] => [b.start, b.end]);
      edges = [...spans.flat(), ...blocks.map((b) => b.end + w.quarantine)];
    } else {
      const block = Math.floor(rnd() * (DET.blocks + 0.5));
      probe = {
        ip: detPublic(w.n),
        port: DET.portMin + block * DET.blockSize + Math.floor(rnd() * DET.blockSize),
      };
      spans = block < DET.blocks ? leaseSpans(detInside(w.n, block)) : [];
      edges = spans.flat();
    }
    out.push({ ...probe, t: instant(spans, edges) });
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- The oracle -------------------------------------------------------------------------

const inside = (s: number, e: number, t: number) => s <= t && t <= e;
const within = (s: number, e: number, t: number, tol: number) => s - tol <= t && t <= e + tol;

const parsedRanges = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();
const parsedAddresses = new Map<string, ipaddr.IPv4 | ipaddr.IPv6>();

function contains(prefix: string, ip: string): boolean {
  let addr = parsedAddresses.get(ip);
  if (!addr) parsedAddresses.set(ip, (addr = ipaddr.parse(ip)));
  let range = parsedRanges.get(prefix);
  if (!range) parsedRanges.set(prefix, (range = ipaddr.parseCIDR(prefix)));
  return addr.kind() === range[0].kind() && addr.match(range);
}

// Hop 2 (or the only hop): `holderAt(prefix)` says whether a holding on that prefix may hold
// the instant (it serves an address, or an inside address, that is held); `rivalAt(prefix)`
// whether one near the instant competes.
function byLeases(
  w: World,
  t: number,
  holderAt: (prefix: string) => boolean,
  rivalAt: (prefix: string) => boolean,
): Verdict {
  const holders = new Set<number>();
  const everyone = new Set<number>();
  for (const h of w.holdings) {
    const account = accountOfDevice(h.device);
    if (holderAt(h.prefix) && inside(h.start, h.end, t)) {
      holders.add(account);
      everyone.add(account);
    }
    if (rivalAt(h.prefix) && within(h.start, h.end, t, w.tol[h.source])) everyone.add(account);
  }
  if (holders.size === 0) return { outcome: 'no_lease', quarantine: false };
  if (everyone.size > 1) return { outcome: 'ambiguous', accounts: everyone.size };
  return { outcome: 'unique', account: [...holders][0] };
}

export function oracle(w: World, p: ProbeCase): Verdict {
  const t = p.t;
  if (p.ip === dynPublic(w.n)) {
    if (p.port === undefined) return { outcome: 'needs_port' };
    // A block of another protocol never held the port for this probe; a probe of unknown
    // protocol meets blocks of every protocol.
    const slotBlocks = w.blocks.filter(
      (b) =>
        p.port! >= DYN.portMin + b.slot * DYN.blockSize &&
        p.port! < DYN.portMin + (b.slot + 1) * DYN.blockSize &&
        (p.protocol === undefined || b.protocol === null || b.protocol === p.protocol),
    );
    // A port released at R is nobody's in (R, R + quarantine].
    if (slotBlocks.some((b) => b.released && b.end < t && t <= b.end + w.quarantine)) {
      return { outcome: 'no_lease', quarantine: true };
    }
    const held = slotBlocks.filter((b) => inside(b.start, b.end, t)).map((b) => `${b.inside}/32`);
    if (held.length === 0) return { outcome: 'no_lease', quarantine: false };
    const near = slotBlocks
      .filter((b) => within(b.start, b.end, t, w.tol.nat))
      .map((b) => `${b.inside}/32`);
    return byLeases(
      w,
      t,
      (x) => held.includes(x),
      (x) => near.includes(x),
    );
  }
  if (p.ip === detPublic(w.n)) {
    if (p.port === undefined) return { outcome: 'needs_port' };
    const index = Math.floor((p.port - DET.portMin) / DET.blockSize);
    if (p.port < DET.portMin || index >= DET.blocks)
      return { outcome: 'no_lease', quarantine: false };
    const held = `${detInside(w.n, index)}/32`;
    return byLeases(
      w,
      t,
      (x) => x === held,
      (x) => x === held,
    );
  }
  return byLeases(
    w,
    t,
    (x) => contains(x, p.ip),
    (x) => contains(x, p.ip),
  );
}

// ---- The world as log files ---------------------------------------------------------------

const iso = (t: number) => new Date(T0 + t * 1000).toISOString();

export function genericCsvLines(w: World, source: 'dhcp' | 'radius'): string[] {
  const lines = ['ip,prefix_len,start,end,identifier_type,identifier,session_id'];
  for (const h of w.holdings) {
    if (h.source !== source) continue;
    const [ip, len] = h.prefix.split('/');
    for (const [s, e] of h.records) {
      lines.push(
        `${ip},${len},${iso(s)},${e === null ? '' : iso(e)},mac,${macOf(w.n, h.device)},${h.sessionId ?? ''}`,
      );
    }
  }
  return lines;
}

export function juniperLines(w: World): string[] {
  const lines: string[] = [];
  for (const b of w.blocks) {
    if (b.protocol !== null) continue;
    const lo = DYN.portMin + b.slot * DYN.blockSize;
    const line = (type: string, at: number) =>
      `<14>1 ${iso(at)} mx1 RT_NAT - RT_SRC_NAT_PBA_${type} [junos@2636.1.1.1.2.26 internal-ip="${b.inside}" reflexive-ip="${dynPublic(w.n)}" block-port-low="${lo}" block-port-high="${lo + DYN.blockSize - 1}" nat-pool-name="dyn${w.n}"]`;
    lines.push(line('ALLOC', b.start));
    if (b.interim !== null) lines.push(line('INTERIM', b.interim));
    if (b.released) lines.push(line('RELEASE', b.end));
  }
  return lines;
}

// The per-protocol blocks as A10 CEF port batch lines (CGN 106 allocated, 107 freed).
export function a10Lines(w: World): string[] {
  const lines: string[] = [];
  for (const b of w.blocks) {
    if (b.protocol === null) continue;
    const lo = DYN.portMin + b.slot * DYN.blockSize;
    const line = (event: string, at: number) =>
      `CEF:0|A10|Thunder CGN|6.0.4|CGN ${event}|5|proto=${b.protocol!.toUpperCase()} src=${b.inside} sourceTranslatedAddress=${dynPublic(w.n)} sourceTranslatedPort=${lo} cn3=${lo + DYN.blockSize - 1} cn3Label=Last Port rt=${T0 + at * 1000}`;
    lines.push(line('106|Port Batch Allocated', b.start));
    if (b.released) lines.push(line('107|Port Batch Freed', b.end));
  }
  return lines;
}
