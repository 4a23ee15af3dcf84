const DAY_MS = 86_400_000;
// Years 0000..9999: toISOString's four-digit form (others are written ±YYYYYY).
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;
const ZERO = 0x30;

// Epoch milliseconds as Date#toISOString writes them ("2026-10-04T20:00:00.000Z"), without a
// Date: evidence writes up to three instants per record, and toISOString was most of its cost.
// One fromCharCode makes one flat string; a template literal of the parts made a tree of
// string pieces that lived as long as the evidence and cost the garbage collector as much as
// toISOString.
export function isoInstant(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST_MS || ms > LAST_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date
  // algorithms"), in 400-year eras starting on 0000-03-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000),
    ZERO + (Math.floor(year / 100) % 10),
    ZERO + (Math.floor(year / 10) % 10),
    ZERO + (year % 10),
    0x2d,
    ZERO + Math.floor(month / 10),
    ZERO + (month % 10),
    0x2d,
    ZERO + Math.floor(day / 10),
    ZERO + (day % 10),
    0x54,
    ZERO + Math.floor(h / 10),
    ZERO + (h % 10),
    0x3a,
    ZERO + Math.floor(m / 10),
    ZERO + (m % 10),
    0x3a,
    ZERO + Math.floor(s / 10),
    ZERO + (s % 10),
    0x2e,
    ZERO + Math.floor(milli / 100),
    ZERO + (Math.floor(milli / 10) % 10),
    ZERO + (milli % 10),
    0x5a,
  );
}
