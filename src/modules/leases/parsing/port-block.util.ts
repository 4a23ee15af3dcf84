import { canonicalIp, parsePort } from './ip-prefix.util';
import { ParseResult, PortBlockEvent, problem } from './lease-event';

export interface PortBlockFields {
  action: PortBlockEvent['action'];
  publicIp: string | undefined;
  portLow: string | undefined;
  portHigh: string | undefined;
  insideIp: string | undefined;
  pool?: string;
  at: Date;
}

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
  return {
    type: 'port_block',
    action: fields.action,
    publicIp,
    portLow,
    portHigh,
    insideIp,
    ...(fields.pool !== undefined && fields.pool !== '' ? { pool: fields.pool } : {}),
    at: fields.at,
    lineNumber,
    raw,
  };
}
