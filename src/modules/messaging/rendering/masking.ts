import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';

// The placeholders that stand for identity in the desk's copy of a sent message (issue #19,
// docs/decisions.md). Each is a fixed string that no template contains, so putting identity
// back is a plain replacement; the personal challenge link stays out too, since whoever holds
// it can challenge in the subscriber's name.
export const MASK = {
  name: '[subscriber name]',
  email: '[subscriber e-mail]',
  challengeUrl: '[personal challenge link]',
} as const;

export interface MessageParts {
  subject: string;
  text: string;
  html: string;
}

export interface Unmasking {
  name: string;
  challengeUrl: string | null;
}

// Identity put back into the masked copy: as the text part printed it (no escaping), and as
// the HTML part did (Handlebars' escaping, the one the renderer uses).
export function unmask(parts: MessageParts, values: Unmasking): MessageParts {
  const put = (s: string, escape: boolean) => {
    const e = (v: string) => (escape ? Handlebars.escapeExpression(v) : v);
    let out = s.split(MASK.name).join(e(values.name));
    if (values.challengeUrl !== null) {
      out = out.split(MASK.challengeUrl).join(e(values.challengeUrl));
    }
    return out;
  };
  return {
    subject: put(parts.subject, false),
    text: put(parts.text, false),
    html: put(parts.html, true),
  };
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
