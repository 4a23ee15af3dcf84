// A message's last delivery problem in words for the desk (outbound_messages.last_error holds a
// failure category from smtp-failure.ts, a cancellation code or a sentence). The code is kept
// beside the words in small print; a sentence is shown as it is.
const PROBLEMS: Record<string, string> = {
  mailbox_unknown: 'The recipient’s mailbox does not exist',
  // Written by versions before the categories of smtp-failure.ts.
  mailbox_unavailable: 'The recipient’s mailbox is unavailable',
  mailbox_full: 'The recipient’s mailbox is full',
  rejected_as_spam: 'The receiving server refused it as spam or by its policy',
  temporary: 'The receiving server asked to try again later',
  connection: 'Our mail server could not be reached',
  timeout: 'The mail server did not answer in time',
  other: 'The mail server refused it for another reason',
  notice_invalidated: 'Cancelled: the notice was marked invalid',
  no_electronic_contact: 'Cancelled: the subscriber has no e-mail address on file',
};

export interface DeliveryProblem {
  words: string;
  // The stored code, when the words replace one.
  code: string | null;
}

export function deliveryProblem(v: unknown): DeliveryProblem {
  if (typeof v !== 'string' || v === '') return { words: '', code: null };
  if (PROBLEMS[v]) return { words: PROBLEMS[v], code: v };
  const load = /^load: (\w+)$/.exec(v);
  if (load) {
    const why = PROBLEMS[load[1]];
    return {
      words: `Could not be prepared for sending${why ? ` (${why.toLowerCase()})` : ''}; it waits to be sent again`,
      code: v,
    };
  }
  if (/^compose failed \(\w+\)$/.test(v)) {
    return { words: 'The message could not be composed from its template', code: v };
  }
  return { words: v, code: null };
}
