// A source's stored settings (format, time zone, clock tolerance) decide how its lines are read.
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeaseSourceRow, LeasesRepository } from './leases.repository';
import type { ImportOptions } from './lease-import.service';
import type { LeaseFormat } from './parsing/lease-event';
import { isValidZone } from './parsing/local-time.util';

// The source's stored settings decide how its lines are read. An import may name them
// (first import) or repeat them, never silently differ from them: a contradiction is refused
// before anything is written, pointing at `leases:source:set`.
export async function ensureImportSource(
  repo: LeasesRepository,
  opts: Pick<ImportOptions, 'source' | 'timeZone' | 'toleranceSeconds'>,
  format: LeaseFormat,
): Promise<LeaseSourceRow> {
  if (opts.timeZone !== undefined && !isValidZone(opts.timeZone)) {
    throw new LeasesError(
      LeasesErrorCode.InvalidTimeZone,
      'invalid',
      `Unknown time zone "${opts.timeZone}"`,
    );
  }
  const existing = await repo.findSource(opts.source);
  if (existing) {
    if (existing.format !== format) {
      throw new LeasesError(
        LeasesErrorCode.FormatMismatch,
        'invalid',
        `Source "${existing.name}" holds ${existing.format} data, not ${format}`,
      );
    }
    if (opts.timeZone !== undefined && opts.timeZone !== existing.timeZone) {
      throw new LeasesError(
        LeasesErrorCode.SettingsConflict,
        'invalid',
        `Source "${existing.name}" reads its logs in time zone ${existing.timeZone}, not ${opts.timeZone}; nothing was imported. If ${existing.timeZone} is wrong, change it with leases:source:set --source ${existing.name} --time-zone ${opts.timeZone}`,
      );
    }
    if (
      opts.toleranceSeconds !== undefined &&
      opts.toleranceSeconds !== existing.toleranceSeconds
    ) {
      throw new LeasesError(
        LeasesErrorCode.SettingsConflict,
        'invalid',
        `Source "${existing.name}" has a clock tolerance of ${existing.toleranceSeconds} s, not ${opts.toleranceSeconds} s; nothing was imported. If ${existing.toleranceSeconds} s is wrong, change it with leases:source:set --source ${existing.name} --tolerance ${opts.toleranceSeconds}`,
      );
    }
    if (ZONE_LESS_FORMATS.has(format) && !existing.timeZoneConfigured) {
      throw zoneRequired(format, existing.name);
    }
    return existing;
  }
  if (ZONE_LESS_FORMATS.has(format) && opts.timeZone === undefined) {
    throw zoneRequired(format, opts.source);
  }
  return repo.createSource(
    opts.source,
    format,
    opts.timeZone ?? 'UTC',
    opts.toleranceSeconds ?? 60,
    opts.timeZone !== undefined,
  );
}

// Formats whose lines may carry a local time without its zone (syslog stamps, RADIUS headers,
// Kea's abbreviations): read in the source's zone, which must therefore have been named.
// dhcpd (UTC or epoch), Kea memfile (epoch) and the generic CSV (explicit zones) carry theirs.
export const ZONE_LESS_FORMATS: ReadonlySet<LeaseFormat> = new Set<LeaseFormat>([
  'kea-legal',
  'radius-detail',
  'cgnat-juniper',
  'cgnat-a10',
  'cgnat-6wind',
  'cgnat-nfware',
]);

function zoneRequired(format: LeaseFormat, source: string): LeasesError {
  return new LeasesError(
    LeasesErrorCode.TimeZoneRequired,
    'invalid',
    `${format} lines can carry local times without a zone, and source "${source}" has none configured; nothing was imported. Name it with --time-zone (--time-zone UTC if the device logs in UTC)`,
  );
}
