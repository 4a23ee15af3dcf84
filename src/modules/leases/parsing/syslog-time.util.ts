import {
  monthFromName,
  parseIsoLocal,
  resolveLocalWallTime,
  TimeResult,
  WallTime,
} from './local-time.util';

const RFC5424 = /^<\d{1,3}>\d{1,2} (\S+) /;
const ISO_PREFIX =
  /^(?:<\d{1,3}>)?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)(?:\s|$)/i;
const BSD_PREFIX =
  /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;

// Where the year of a BSD syslog stamp (`Oct  4 21:00:00`, no year: Junos and 6WIND write
// it by default) comes from: given by the operator (`--year`), or inferred as the latest date
// not after the file's modification time. Records which years it used, for the summary.
export class SyslogYear {
  readonly used = new Set<number>();
  private year: number;
  private lastMonth = 0;

  constructor(readonly from: { year: number } | { notAfter: Date }) {
    this.year = 'year' in from ? from.year : from.notAfter.getUTCFullYear() + 1;
  }

  get inferred(): boolean {
    return !('year' in this.from);
  }

  resolve(wall: Omit<WallTime, 'year'>, zone: string): TimeResult {
    let result: TimeResult;
    if ('year' in this.from) {
      // A given year is the year of the file's first stamp; a month that goes back past New
      // Year (December, then January) moves on to the next.
      if (this.lastMonth - wall.month >= 6) this.year++;
      this.lastMonth = wall.month;
      result = this.at(this.year, wall, zone);
    } else {
      // The latest year in which the stamp is not after the file's modification time.
      const limit = this.from.notAfter.getTime();
      result = { error: 'no year puts this date before the file was last written' };
      for (let y = this.year; y >= this.year - 5; y--) {
        const r = this.at(y, wall, zone);
        if ('date' in r && r.date.getTime() <= limit) {
          result = r;
          break;
        }
        // 29 February only exists in leap years: try the years before.
        if ('error' in r && !/invalid date/.test(r.error)) {
          result = r;
          break;
        }
      }
    }
    if ('date' in result) this.used.add(result.date.getUTCFullYear());
    return result;
  }

  private at(year: number, wall: Omit<WallTime, 'year'>, zone: string): TimeResult {
    return resolveLocalWallTime(
      zone,
      year,
      wall.month,
      wall.day,
      wall.hour,
      wall.minute,
      wall.second,
      wall.millisecond ?? 0,
    );
  }
}

// Time at the start of a syslog line: RFC 5424, or an ISO 8601 stamp as rsyslog/syslog-ng write
// it (read in `timeZone` when it has no offset), or a BSD stamp when `year` says where its
// year comes from (else refused rather than guessed). Null when the line starts with no
// timestamp at all.
export function leadingSyslogTime(
  line: string,
  timeZone: string,
  year?: SyslogYear,
): TimeResult | null {
  const rfc = RFC5424.exec(line);
  if (rfc) {
    if (rfc[1] === '-') return { error: 'syslog message without timestamp' };
    return parseIsoLocal(rfc[1], timeZone);
  }
  const iso = ISO_PREFIX.exec(line);
  if (iso) return parseIsoLocal(iso[1], timeZone);
  const bsd = BSD_PREFIX.exec(line);
  if (bsd) {
    if (!year) {
      return { error: 'BSD syslog timestamp has no year (give --year, or import the file itself)' };
    }
    const month = monthFromName(bsd[1]);
    if (month === null) return { error: `unknown month "${bsd[1]}"` };
    return year.resolve(
      {
        month,
        day: Number(bsd[2].trim()),
        hour: Number(bsd[3]),
        minute: Number(bsd[4]),
        second: Number(bsd[5]),
        millisecond: bsd[6] ? Number(bsd[6].slice(0, 3).padEnd(3, '0')) : 0,
      },
      timeZone,
    );
  }
  return null;
}
