import { parseIsoLocal, TimeResult } from './local-time.util';

const RFC5424 = /^<\d{1,3}>\d{1,2} (\S+) /;
const ISO_PREFIX =
  /^(?:<\d{1,3}>)?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)(?:\s|$)/i;
const BSD_PREFIX = /^(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} /;

// Time at the start of a syslog line: RFC 5424, or an ISO 8601 stamp as rsyslog/syslog-ng write
// it (read in `timeZone` when it has no offset). BSD stamps carry no year, so they are refused
// rather than guessed. Null when the line starts with no timestamp at all.
export function leadingSyslogTime(line: string, timeZone: string): TimeResult | null {
  const rfc = RFC5424.exec(line);
  if (rfc) {
    if (rfc[1] === '-') return { error: 'syslog message without timestamp' };
    return parseIsoLocal(rfc[1], timeZone);
  }
  const iso = ISO_PREFIX.exec(line);
  if (iso) return parseIsoLocal(iso[1], timeZone);
  if (BSD_PREFIX.test(line)) return { error: 'BSD syslog timestamp has no year' };
  return null;
}
