// VA-2: wording and links that turn a notice into a demand for money or personal information.
// Canada (since December 2018) lets an ISP decline to forward such a notice; the regime decides.
const PATTERNS: Array<{ kind: 'settlement' | 'payment' | 'personal_information'; re: RegExp }> = [
  { kind: 'settlement', re: /\bsettle(?:ment|d)?\b/i },
  {
    kind: 'settlement',
    re: /\b(?:resolve|close) (?:this|the) (?:matter|case|claim) (?:for|by paying)\b/i,
  },
  {
    kind: 'settlement',
    re: /\bavoid (?:further )?(?:legal action|litigation|being sued|court)\b/i,
  },
  {
    kind: 'payment',
    re: /\b(?:pay|payment|remit|fine|penalty) (?:of |the (?:amount|sum) of )?(?:[$€£]|usd|cad|eur)\s?\d/i,
  },
  { kind: 'payment', re: /[$€£]\s?\d[\d,.]*\s*(?:usd|cad|eur)?\b.{0,60}\b(?:pay|payment|settle)/i },
  {
    kind: 'payment',
    re: /\b(?:credit card|paypal|bitcoin|wire transfer|pay (?:online|now|here))\b/i,
  },
  {
    kind: 'personal_information',
    re: /\b(?:provide|send|give|disclose|confirm) (?:us )?(?:your|the subscriber'?s?) (?:full )?(?:name|address|phone|identity|e-?mail|contact (?:details|information))\b/i,
  },
];
const LINK_PATTERNS = /(?:settle|payment|pay|checkout|resolve|case-?closure)/i;

export interface SettlementFinding {
  kind: 'settlement' | 'payment' | 'personal_information' | 'link';
  excerpt: string;
}

export function detectSettlementDemand(text: string, links: string[]): SettlementFinding[] {
  const findings: SettlementFinding[] = [];
  const body = text.slice(0, 200_000);
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(body);
    if (m) findings.push({ kind, excerpt: m[0].slice(0, 120) });
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
