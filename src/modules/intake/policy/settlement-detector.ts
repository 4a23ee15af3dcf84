// VA-2: wording and links that turn a notice into a demand for money or personal information.
// Canada (since December 2018) lets an ISP decline to forward such a notice; the regime decides.
//
// The screen reads sentence by sentence and flags demands, not mentions: "pay $300 to settle"
// is a demand; "never give your credit card number to anyone" or "you are not required to pay"
// is not. A sentence is a demand when it asks the reader for money, a settlement or personal
// information, and no negation governs the ask. The labelled set in settlement-detector.spec.ts
// measures precision and recall.

export type FindingKind = 'settlement' | 'payment' | 'personal_information' | 'link';

export interface SettlementFinding {
  kind: FindingKind;
  excerpt: string;
}

const MONEY = String.raw`(?:[$€£]\s?\d[\d,.]*|\b(?:usd|cad|eur|gbp)\s?\d[\d,.]*|\d[\d,.]*\s?(?:usd|cad|eur|gbp|dollars|euros|pounds)\b)`;
const ASK_PAY = String.raw`(?:pay|remit|send|wire|transfer|submit|make)`;

const DEMANDS: Array<{ kind: Exclude<FindingKind, 'link'>; re: RegExp }> = [
  // An amount tied to paying, settling or resolving.
  {
    kind: 'payment',
    re: new RegExp(
      String.raw`\b${ASK_PAY}\b[^.!?]{0,60}${MONEY}|${MONEY}[^.!?]{0,80}\b(?:pay|payment|settle|settlement|resolve|fee|fine|penalty|damages)\b|\b(?:fee|fine|penalty|damages|amount|sum|payment)\s+(?:of\s+)?${MONEY}`,
      'i',
    ),
  },
  {
    kind: 'payment',
    re: /\b(?:pay|payment)\s+(?:online|now|here|today|immediately|within|by|via|through|using)\b|\b(?:click|visit|go to)\b[^.!?]{0,60}\b(?:to|and)\s+pay\b|\b(?:you|subscriber)\s+(?:must|should|shall|will need to|are required to|have to|need to|can|may)\s+(?:still\s+)?pay\b/i,
  },
  {
    kind: 'payment',
    re: /\b(?:pay|payment|paid)\b[^.!?]{0,40}\b(?:by|with|via|using)\s+(?:credit card|debit card|paypal|bitcoin|crypto|gift card|wire transfer|bank transfer)\b|\b(?:enter|provide|send)\s+(?:us\s+)?your\s+(?:credit card|card|bank|paypal)\b/i,
  },
  {
    kind: 'settlement',
    re: /\b(?:settle|resolve|close|dispose of)\s+(?:this|the|your)\s+(?:matter|case|claim|dispute|infringement)\b|\b(?:settlement|settle)\s+(?:offer|amount|fee|agreement|proposal|payment|option)\b|\boffer(?:s|ing)?\s+(?:you\s+)?(?:to\s+settle|a\s+settlement)\b|\bsettlement\s+of\s+(?:this|the|your)\b/i,
  },
  {
    kind: 'settlement',
    re: new RegExp(
      String.raw`\b(?:closed|resolved|settled|dismissed)\s+(?:for\s+${MONEY}|by\s+paying)`,
      'i',
    ),
  },
  {
    kind: 'settlement',
    re: /\bavoid\s+(?:further\s+)?(?:legal action|litigation|a lawsuit|being sued|court|prosecution)\b[^.!?]{0,60}\b(?:by|if you)\b/i,
  },
  {
    kind: 'personal_information',
    re: /\b(?:provide|send|give|disclose|confirm|reply with|tell us|forward|supply)\s+(?:us\s+|to us\s+)?(?:with\s+)?(?:your|the subscriber'?s?|the account holder'?s?|the customer'?s?)\s+(?:full\s+|legal\s+|real\s+|home\s+|postal\s+)?(?:name|address|phone|telephone|identity|e-?mail|date of birth|contact (?:details|information)|social security|personal (?:details|information))\b/i,
  },
  {
    kind: 'personal_information',
    re: /\b(?:identify yourself|reply with your (?:name|details)|(?:we|please)\s+(?:need|require|request)\s+(?:your|the subscriber'?s?)\s+(?:name|address|identity|contact))\b/i,
  },
];

// Negations that turn an ask into a reassurance or a tip ("you do not have to pay", "never
// share your card number", "we will not ask for your address").
const NEGATION =
  /\b(?:not|never|no|nor|don't|do not|doesn't|does not|won't|will not|isn't|is not|aren't|are not|without|neither|nothing|cannot|can't|no one|nobody|beware|scam|phishing|fraud(?:ulent)?)\b/i;

const LINK_PATTERNS =
  /(?:settle|payment|\bpay\b|\/pay|pay\.|checkout|resolve|case-?closure|invoice)/i;

function sentences(text: string): string[] {
  return text
    .slice(0, 200_000)
    .replace(/\r\n?/g, '\n')
    .split(/(?<=[.!?])\s+|\n\s*\n|\n(?=[-*•]\s)/)
    .map((s) =>
      s
        .replace(/[\u2018\u2019]/g, "'")
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.length > 0);
}

/** The demands a text makes, sentence by sentence; empty for a mere mention. */
export function detectSettlementDemand(text: string, links: string[]): SettlementFinding[] {
  const findings: SettlementFinding[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences(text)) {
    for (const { kind, re } of DEMANDS) {
      const m = re.exec(sentence);
      if (!m) continue;
      // A negation before the ask in the same sentence makes it a mention.
      if (NEGATION.test(sentence.slice(0, m.index + m[0].length))) continue;
      if (seen.has(kind)) continue;
      seen.add(kind);
      findings.push({ kind, excerpt: m[0].slice(0, 120) });
    }
  }
  for (const link of links) {
    let path = link;
    try {
      const u = new URL(link);
      path = `${u.hostname}${u.pathname}${u.search}`;
    } catch {
      // keep the text as given
    }
    if (LINK_PATTERNS.test(path)) findings.push({ kind: 'link', excerpt: link.slice(0, 200) });
  }
  return findings;
}
