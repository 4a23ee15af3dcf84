import { InvalidArgumentError } from 'commander';
import * as ipaddr from 'ipaddr.js';

// Parsers of option values (commander argParser): each names what it refuses.

export const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
};

export const ratio = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('must be between 0 and 1');
  return n;
};

export const cidr = (name: string) => (v: string) => {
  try {
    ipaddr.parseCIDR(v);
    return v;
  } catch {
    throw new InvalidArgumentError(`${name} must be a CIDR block such as 203.0.113.0/24`);
  }
};

export function transportOption(v: string): 'tcp' | 'udp' {
  const p = v.toLowerCase();
  if (p !== 'tcp' && p !== 'udp') throw new InvalidArgumentError('must be tcp or udp');
  return p;
}

// A zone-less time would be read in whatever zone the shell has: refuse it (VA-3).
export function parseInstant(v: string): Date {
  if (!/T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new InvalidArgumentError(
      'must be ISO 8601 with seconds and a zone, e.g. 2026-10-04T21:13:07Z',
    );
  }
  return new Date(v);
}
