import { parseCgnat6wind } from './cgnat-6wind.parser';
import { parseCgnatA10 } from './cgnat-a10.parser';
import { parseCgnatJuniper } from './cgnat-juniper.parser';
import { parseCgnatNfware } from './cgnat-nfware.parser';
import { parseGenericCsv } from './generic-csv.parser';
import { parseIscDhcpd } from './isc-dhcpd.parser';
import { parseKeaCsv } from './kea-csv.parser';
import { parseKeaLegal } from './kea-legal.parser';
import { LeaseFormat, LeaseParser } from './lease-event';
import { parseRadiusDetail } from './radius-detail.parser';

const PARSERS: Record<LeaseFormat, LeaseParser> = {
  'isc-dhcpd': parseIscDhcpd,
  'kea-csv': parseKeaCsv,
  'kea-legal': parseKeaLegal,
  'radius-detail': parseRadiusDetail,
  'cgnat-juniper': parseCgnatJuniper,
  'cgnat-a10': parseCgnatA10,
  'cgnat-6wind': parseCgnat6wind,
  'cgnat-nfware': parseCgnatNfware,
  'generic-csv': parseGenericCsv,
};

export const LEASE_FORMATS = Object.keys(PARSERS) as LeaseFormat[];

export function parserFor(format: LeaseFormat): LeaseParser {
  return PARSERS[format];
}

export * from './lease-event';
export { detectFormat } from './format-detect';
export { collect, linesOf, openLines } from './line-source';
export { isValidZone } from './local-time.util';
export {
  parseCgnat6wind,
  parseCgnatA10,
  parseCgnatJuniper,
  parseCgnatNfware,
  parseGenericCsv,
  parseIscDhcpd,
  parseKeaCsv,
  parseKeaLegal,
  parseRadiusDetail,
};
