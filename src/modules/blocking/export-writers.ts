import { createHash } from 'node:crypto';

export const EXPORT_FORMATS = ['rpz', 'unbound', 'dnsmasq', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  rpz: 'text/dns; charset=utf-8',
  unbound: 'text/plain; charset=utf-8',
  dnsmasq: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ExportSettings {
  // The RPZ zone's origin, e.g. `rpz.notice-relay.`
  zone: string;
  stopIpv4: string;
  stopIpv6: string | null;
  ttl: number;
}

// What is blocked at one moment, already filtered (active, in window, not protected unless
// overridden) and sorted: the writers below only format it, so an export is a pure function of
// this state and its serial.
export interface ExportState {
  names: string[];
  // Protected names lying under a blocked name: resolvers must answer them normally.
  passthrough: string[];
  ranges: Array<{ value: string; family: 4 | 6; orders: string[] }>;
}

export function stateDigest(state: ExportState, settings: ExportSettings): string {
  return createHash('sha256').update(JSON.stringify({ state, settings })).digest('hex');
}

export function renderExport(
  format: ExportFormat,
  state: ExportState,
  settings: ExportSettings,
  serial: number,
): string {
  switch (format) {
    case 'rpz':
      return renderRpz(state, settings, serial);
    case 'unbound':
      return renderUnbound(state, settings, serial);
    case 'dnsmasq':
      return renderDnsmasq(state, settings, serial);
    case 'csv':
      return renderCsv(state, serial);
    case 'json':
      return `${JSON.stringify(
        {
          serial,
          ipv4: state.ranges.filter((r) => r.family === 4).map((r) => r.value),
          ipv6: state.ranges.filter((r) => r.family === 6).map((r) => r.value),
          names: state.names,
        },
        null,
        2,
      )}\n`;
  }
}

// RFC-draft DNS RPZ: names relative to the zone origin; "Local Data" A/AAAA records rewrite a
// blocked name and everything under it to the stop page; protected names under a blocked one
// get `CNAME rpz-passthru.` (an exact or longer wildcard match wins over the blocked wildcard).
export function renderRpz(state: ExportState, s: ExportSettings, serial: number): string {
  const origin = s.zone.endsWith('.') ? s.zone : `${s.zone}.`;
  const lines = [
    `; notice-relay blocking register, serial ${serial}`,
    `$ORIGIN ${origin}`,
    `$TTL ${s.ttl}`,
    `@ IN SOA localhost. hostmaster.localhost. ${serial} 3600 600 864000 ${s.ttl}`,
    `@ IN NS localhost.`,
  ];
  for (const name of state.names) {
    for (const owner of [name, `*.${name}`]) {
      lines.push(`${owner} IN A ${s.stopIpv4}`);
      if (s.stopIpv6) lines.push(`${owner} IN AAAA ${s.stopIpv6}`);
    }
  }
  for (const name of state.passthrough) {
    lines.push(`${name} IN CNAME rpz-passthru.`, `*.${name} IN CNAME rpz-passthru.`);
  }
  return `${lines.join('\n')}\n`;
}

// Unbound `include:` file: a redirect zone per blocked name answers it and every name under it
// with the stop page; a transparent zone lets a protected name under it resolve normally.
export function renderUnbound(state: ExportState, s: ExportSettings, serial: number): string {
  const lines = [`# notice-relay blocking register, serial ${serial}`, 'server:'];
  for (const name of state.names) {
    lines.push(`  local-zone: "${name}." redirect`);
    lines.push(`  local-data: "${name}. ${s.ttl} IN A ${s.stopIpv4}"`);
    if (s.stopIpv6) lines.push(`  local-data: "${name}. ${s.ttl} IN AAAA ${s.stopIpv6}"`);
  }
  for (const name of state.passthrough) lines.push(`  local-zone: "${name}." transparent`);
  return `${lines.join('\n')}\n`;
}

// dnsmasq `conf-file`: address=/name/ covers the name and its subdomains; server=/name/# sends a
// protected name under it to the normal upstream servers.
export function renderDnsmasq(state: ExportState, s: ExportSettings, serial: number): string {
  const lines = [`# notice-relay blocking register, serial ${serial}`];
  for (const name of state.names) {
    lines.push(`address=/${name}/${s.stopIpv4}`);
    if (s.stopIpv6) lines.push(`address=/${name}/${s.stopIpv6}`);
  }
  for (const name of state.passthrough) lines.push(`server=/${name}/#`);
  return `${lines.join('\n')}\n`;
}

// Routers' IP list: one range a line with the orders that require it.
export function renderCsv(state: ExportState, serial: number): string {
  const lines = [`# serial ${serial}`, 'family,range,orders'];
  for (const r of state.ranges) lines.push(`${r.family},${r.value},${r.orders.join(' ')}`);
  return `${lines.join('\n')}\n`;
}
