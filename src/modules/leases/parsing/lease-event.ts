// Shared contract of every lease/NAT log parser: pure, streaming, never throws on bad input.
import type { SyslogYear } from './syslog-time.util';

export type IdentifierType = 'mac' | 'client_id' | 'duid' | 'circuit_id' | 'remote_id' | 'username';

// Normalised: mac lowercase aa:bb:cc:dd:ee:ff; hex ids lowercase colon-separated.
export interface LeaseIdentifiers {
  mac?: string;
  clientId?: string;
  duid?: string;
  circuitId?: string;
  remoteId?: string;
  username?: string;
}

export type BindingAction =
  'snapshot' | 'assign' | 'renew' | 'release' | 'expire' | 'start' | 'interim' | 'stop';

export interface BindingEvent {
  type: 'binding';
  family: 4 | 6;
  // Canonical CIDR with host bits cleared: '192.0.2.10/32', '2001:db8:1::/56', '2001:db8::5/128'.
  prefix: string;
  identifiers: LeaseIdentifiers;
  action: BindingAction;
  // UTC; when this binding began as far as this record says.
  start: Date;
  // snapshot/assign/renew: scheduled expiry; release/stop/expire: actual end; null = unknown/open.
  end: Date | null;
  // True when `end` is a real end (released/stopped/expired), false when only the scheduled expiry.
  endIsActual: boolean;
  // When this record was true (cltt, event time, Timestamp).
  observedAt: Date;
  // RADIUS Acct-Unique-Session-Id or `${NAS-IP}|${Acct-Session-Id}`; DHCP `${prefix}|${primary id}`
  // (see dhcpSessionKey).
  sessionKey?: string;
  nas?: string;
  // First line of the record (1-based).
  lineNumber: number;
  // The record's raw text, unaltered (all lines of a multi-line record joined with '\n').
  raw: string;
}

export interface NasResetEvent {
  type: 'nas_reset';
  nas: string;
  at: Date;
  kind: 'accounting-on' | 'accounting-off';
  lineNumber: number;
  raw: string;
}

export type TransportProtocol = 'tcp' | 'udp' | 'icmp';

export interface PortBlockEvent {
  type: 'port_block';
  action: 'alloc' | 'interim' | 'release';
  publicIp: string;
  portLow: number;
  portHigh: number;
  insideIp: string;
  pool?: string;
  // Per-protocol blocks (A10 CGN allocates TCP, UDP and ICMP batches apart); absent when the
  // log states none: the block serves every protocol.
  protocol?: TransportProtocol;
  at: Date;
  lineNumber: number;
  raw: string;
}

export type LeaseEvent = BindingEvent | NasResetEvent | PortBlockEvent;

export interface ParseProblem {
  type: 'problem';
  lineNumber: number;
  // Short message naming what is wrong.
  reason: string;
  raw: string;
}

// A line that belongs to the source but carries no binding (another syslog message, an
// HA-partner or administrator line, an accounting record without any address). Counted as
// skipped, apart from rejected lines, and never towards the error-ratio abort.
export interface ParseSkip {
  type: 'skip';
  lineNumber: number;
  reason: string;
}

export type ParseResult = LeaseEvent | ParseProblem | ParseSkip;

export interface ParserOptions {
  // IANA zone for sources that write local time; default 'UTC'.
  timeZone: string;
  // Where BSD syslog stamps (no year) get their year; without it they are refused.
  year?: SyslogYear;
}

export type LeaseFormat =
  | 'isc-dhcpd'
  | 'kea-csv'
  | 'kea-legal'
  | 'radius-detail'
  | 'cgnat-juniper'
  | 'cgnat-a10'
  | 'cgnat-6wind'
  | 'cgnat-nfware'
  | 'generic-csv';

// Lines arrive in chunks (an array per read of the file): awaiting each line of a 2 GB file one
// by one cost more than parsing it.
export type LineChunks = AsyncIterable<readonly string[]>;

export type LeaseParser = (lines: LineChunks, opts: ParserOptions) => AsyncGenerator<ParseResult>;

export const DEFAULT_PARSER_OPTIONS: ParserOptions = { timeZone: 'UTC' };

export function skip(lineNumber: number, reason: string): ParseSkip {
  return { type: 'skip', lineNumber, reason };
}

export function problem(lineNumber: number, reason: string, raw: string): ParseProblem {
  return { type: 'problem', lineNumber, reason, raw };
}
