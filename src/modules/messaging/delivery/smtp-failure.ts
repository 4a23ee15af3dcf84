// What the desk, the sender and the logs may learn of a failed send: a category, never the
// server's words (issue #16). An SMTP reply quotes the recipient's address and often the
// subscriber's name ("550 5.1.1 <jane.doe@example.net>: Recipient address rejected",
// "Jane Doe's mailbox is full"): the raw reply is kept apart, readable by legal staff only
// (identity's FailureReplyStore), and everything else carries the category.

export const FAILURE_CATEGORIES = [
  'mailbox_unknown',
  'mailbox_full',
  'rejected_as_spam',
  'temporary',
  'connection',
  'timeout',
  'other',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export interface FailureDescription {
  permanent: boolean;
  category: FailureCategory;
  // Safe to store, show and log: the category alone (no text from the server).
  note: string;
  // SMTP reply code and enhanced status code (RFC 3463) when the server answered.
  replyCode: number | null;
  enhancedStatus: string | null;
  // The server's reply or the error's message, verbatim: identity, for legal staff only.
  raw: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

// RFC 3463 subjects first (they say what went wrong), then the reply code (RFC 5321), then words.
export function categorise(replyCode: number | null, enhanced: string | null, text: string) {
  const m = enhanced ? ENHANCED.exec(enhanced) : null;
  if (m) {
    const [subject, detail] = [Number(m[2]), Number(m[3])];
    if (subject === 1 && [0, 1, 2, 3, 6].includes(detail)) return 'mailbox_unknown';
    if (subject === 2 && detail === 1) return 'mailbox_unknown';
    if (subject === 2 && detail === 2) return 'mailbox_full';
    if (subject === 7) return 'rejected_as_spam';
  }
  if (/mailbox (is )?full|over ?quota|quota exceeded|insufficient (system )?storage/i.test(text)) {
    return 'mailbox_full';
  }
  if (/spam|blocklist|blacklist|block ?list|reputation|policy rejection/i.test(text)) {
    return 'rejected_as_spam';
  }
  if (
    /user unknown|no such (user|mailbox)|unknown (user|recipient)|recipient address rejected|does not exist|mailbox unavailable/i.test(
      text,
    )
  ) {
    return 'mailbox_unknown';
  }
  if (replyCode === 550 || replyCode === 551 || replyCode === 553) return 'mailbox_unknown';
  if (replyCode === 552 || replyCode === 452) return 'mailbox_full';
  if (replyCode !== null && replyCode >= 400 && replyCode < 500) return 'temporary';
  if (m && m[1] === '4') return 'temporary';
  return 'other';
}

// 5xx is permanent (dead letter); 4xx, connection trouble and timeouts are retried.
export function describeFailure(e: unknown): FailureDescription {
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
    message?: unknown;
    timeoutType?: unknown;
    syscall?: unknown;
  };
  const raw = String(err.response ?? err.message ?? e).slice(0, 2000);
  const replyCode = typeof err.responseCode === 'number' ? err.responseCode : null;
  const enhanced = ENHANCED.exec(raw)?.[0] ?? null;
  let category: FailureCategory;
  if (replyCode !== null) {
    category = categorise(replyCode, enhanced, raw);
  } else if (
    err.code === 'ETIMEDOUT' ||
    typeof err.timeoutType === 'string' ||
    /time(d)? ?out/i.test(raw)
  ) {
    category = 'timeout';
  } else if (
    (typeof err.code === 'string' && CONNECTION_CODES.has(err.code)) ||
    err.syscall === 'connect'
  ) {
    category = 'connection';
  } else {
    category = 'other';
  }
  return {
    permanent: replyCode !== null && replyCode >= 500,
    category,
    note: category,
    replyCode,
    enhancedStatus: enhanced,
    raw,
  };
}
