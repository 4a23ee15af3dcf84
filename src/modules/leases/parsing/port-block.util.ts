import { canonicalIp, parsePort } from './ip-prefix.util';
import { ParseResult, PortBlockEvent, problem, TransportProtocol } from './lease-event';

export interface PortBlockFields {
  action: PortBlockEvent['action'];
  publicIp: string | undefined;
  portLow: string | undefined;
  portHigh: string | undefined;
  insideIp: string | undefined;
  pool?: string;
  // As the log writes it (name or IANA number); absent or empty: every protocol.
  protocol?: string;
  at: Date;
}

const PROTOCOLS: Record<string, TransportProtocol> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
};

// Validates the fields shared by every CGNAT source and builds the event or a problem.
export function portBlockResult(
  fields: PortBlockFields,
  lineNumber: number,
  raw: string,
): ParseResult {
  const publicIp = canonicalIp(fields.publicIp ?? '');
  if (publicIp === null)
    return problem(lineNumber, `invalid public address "${fields.publicIp ?? ''}"`, raw);
  const insideIp = canonicalIp(fields.insideIp ?? '');
  if (insideIp === null)
    return problem(lineNumber, `invalid inside address "${fields.insideIp ?? ''}"`, raw);
  const portLow = parsePort(fields.portLow ?? '');
  const portHigh = parsePort(fields.portHigh ?? '');
  if (portLow === null || portHigh === null || portLow > portHigh) {
    return problem(
      lineNumber,
      `invalid port range "${fields.portLow ?? ''}-${fields.portHigh ?? ''}"`,
      raw,
    );
  }
  let protocol: TransportProtocol | undefined;
  if (fields.protocol !== undefined && fields.protocol !== '') {
    protocol = PROTOCOLS[fields.protocol.toLowerCase()];
    // Stored as "every protocol" it could hold a probe of another protocol: refused instead.
    if (protocol === undefined)
      return problem(lineNumber, `unknown protocol "${fields.protocol}"`, raw);
  }
  return portBlockEvent(
    fields.action,
    publicIp,
    portLow,
    portHigh,
    insideIp,
    fields.pool,
    protocol,
    fields.at,
    lineNumber,
    raw,
  );
}

// The event from fields already validated (canonical addresses, ports in order).
export function portBlockEvent(
  action: PortBlockEvent['action'],
  publicIp: string,
  portLow: number,
  portHigh: number,
  insideIp: string,
  pool: string | undefined,
  protocol: TransportProtocol | undefined,
  at: Date,
  lineNumber: number,
  raw: string,
): PortBlockEvent {
  // Optional properties are set only when present (no spreads: an object per spread per line
  // showed in the profile of a 1M-line import).
  const ev: PortBlockEvent = {
    type: 'port_block',
    action,
    publicIp,
    portLow,
    portHigh,
    insideIp,
    at,
    lineNumber,
    raw,
  };
  if (pool !== undefined && pool !== '') ev.pool = pool;
  if (protocol) ev.protocol = protocol;
  return ev;
}
