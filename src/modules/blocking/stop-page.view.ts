import Handlebars from 'handlebars';
import { OrderRow } from './blocking.types';
import { StopPageView } from './stop-page.service';

type Lang = 'fr' | 'it' | 'en';

const WORDS: Record<Lang, Record<string, string>> = {
  fr: {
    title: 'Accès bloqué sur décision de justice',
    intro: "L'accès à ce site est bloqué en exécution de la décision suivante :",
    court: 'Juridiction',
    reference: 'Référence de la décision',
    date: 'Date',
    until: "Jusqu'au",
    contest: 'Contester',
    none: 'Aucune décision de blocage en vigueur ne vise ce nom.',
    privacy:
      "Cette page n'enregistre rien sur vous : pas de cookie, pas de journal, pas de traceur.",
  },
  it: {
    title: "Accesso bloccato per ordine dell'autorità",
    intro: "L'accesso a questo sito è bloccato in esecuzione del seguente provvedimento:",
    court: 'Autorità',
    reference: 'Riferimento del provvedimento',
    date: 'Data',
    until: 'Fino al',
    contest: 'Come opporsi',
    none: 'Nessun provvedimento di blocco in vigore riguarda questo nome.',
    privacy:
      'Questa pagina non registra nulla su di te: nessun cookie, nessun log, nessun tracciamento.',
  },
  en: {
    title: 'Access blocked by court order',
    intro: 'Access to this site is blocked to comply with the following order:',
    court: 'Court',
    reference: 'Order reference',
    date: 'Date',
    until: 'Until',
    contest: 'How to contest',
    none: 'No blocking order in force covers this name.',
    privacy: 'This page stores nothing about you: no cookie, no log, no tracking.',
  },
};

const hbs = Handlebars.create();
const template = hbs.compile(
  `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{w.title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:bold}</style>
</head><body><main>
<h1>{{w.title}}</h1>
{{#if name}}<p><strong>{{name}}</strong></p>{{/if}}
{{#each orders}}
<section><p>{{../w.intro}}</p><dl>
<dt>{{../w.court}}</dt><dd>{{court}}</dd>
<dt>{{../w.reference}}</dt><dd>{{caseNumber}} ({{reference}})</dd>
<dt>{{../w.date}}</dt><dd>{{orderDate}}</dd>
<dt>{{../w.until}}</dt><dd>{{endsOn}}</dd>
<dt>{{../w.contest}}</dt><dd>{{howToContest}}</dd>
</dl></section>
{{else}}<p>{{w.none}}</p>{{/each}}
<p><small>{{w.privacy}}</small></p>
</main></body></html>
`,
  { strict: false },
);

export function languageOf(jurisdiction: string | undefined): Lang {
  return jurisdiction === 'fr' || jurisdiction === 'it' ? jurisdiction : 'en';
}

// Rendered in the regime's language of the first order found (escaped; no script at all).
export function renderStopPage(view: StopPageView): string {
  const lang = languageOf(view.orders[0]?.jurisdiction);
  return template({
    lang,
    w: WORDS[lang],
    name: view.name,
    orders: view.orders.map((o: OrderRow) => ({
      court: o.court,
      caseNumber: o.caseNumber,
      reference: o.reference,
      orderDate: o.orderDate,
      endsOn: o.endsAt.toISOString().slice(0, 10),
      howToContest: o.howToContest,
    })),
  });
}
