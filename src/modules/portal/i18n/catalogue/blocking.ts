// French for blocking orders and requests, and protected services; keyed by the English phrase.
export const BLOCKING_FRENCH = {
  'Submit a blocking order': 'Soumettre une ordonnance de blocage',
  "Send the court's order with its PDF. Legal staff check it against the protected list and confirm it before anything is blocked; you can follow its status under":
    'Envoyez l’ordonnance du tribunal avec son PDF. Le service juridique la vérifie par rapport à la liste protégée et la confirme avant tout blocage ; vous pouvez suivre son état sous',
  Court: 'Tribunal',
  'Two letters, like fr, it or uk; the stop page speaks its language.':
    'Deux lettres, comme fr, es ou uk ; la page d’arrêt parle sa langue.',
  'Date of the order': 'Date de l’ordonnance',
  Claimants: 'Demandeurs',
  'The parties who obtained the order, one a line.':
    'Les parties qui ont obtenu l’ordonnance, une par ligne.',
  'ISP named in the order': 'FAI nommé dans l’ordonnance',
  'Measures the order orders': 'Mesures ordonnées',
  'DNS blocking unless the order orders IP blocking too.':
    'Blocage DNS, sauf si l’ordonnance impose aussi un blocage IP.',
  'DNS blocking': 'Blocage DNS',
  'IP blocking': 'Blocage IP',
  'Sites to block': 'Sites à bloquer',
  'One a line: domain names, and addresses or ranges only where the order orders IP blocking.':
    'Un par ligne : noms de domaine, et adresses ou plages seulement si l’ordonnance impose un blocage IP.',
  'Deadline to implement (days)': 'Délai de mise en œuvre (jours)',
  'Days the order gives the ISP, like 15.': 'Jours accordés au FAI par l’ordonnance, comme 15.',
  'How long the order lasts': 'Durée de l’ordonnance',
  'A number of months from the order': 'Un nombre de mois à compter de l’ordonnance',
  'Until a date': 'Jusqu’à une date',
  'Live-event windows': 'Périodes d’événements en direct',
  'Duration in months (if months)': 'Durée en mois (si en mois)',
  'Last day in force (if until a date)': 'Dernier jour en vigueur (si jusqu’à une date)',
  'Live-event windows (if live events)':
    'Périodes d’événements en direct (si événements en direct)',
  'One a line, in UTC: start, end, event. Like 2027-01-10 20:00, 2027-01-10 23:00, Paris v Lyon. Sites are blocked only inside these windows.':
    'Une par ligne, en UTC : début, fin, événement. Comme 2027-01-10 20:00, 2027-01-10 23:00, Paris contre Lyon. Les sites ne sont bloqués que pendant ces périodes.',
  'Who bears the cost': 'Qui supporte le coût',
  'The rights holders': 'Les ayants droit',
  'The ISP': 'Le FAI',
  Shared: 'Partagé',
  'How the order may be extended to mirrors':
    'Comment l’ordonnance peut être étendue aux sites miroirs',
  'A new court order only': 'Seulement par une nouvelle ordonnance',
  "An authority's request (refusable)": 'Sur demande d’une autorité (refusable)',
  'An agreement between the parties': 'Par accord entre les parties',
  'How to contest': 'Comment contester',
  'Shown on the stop page to visitors and site operators.':
    'Affiché sur la page d’arrêt aux visiteurs et aux exploitants des sites.',
  'Order document (PDF, at most': 'Document de l’ordonnance (PDF, au plus',
  'MB)': 'Mo)',
  'Submit the order': 'Soumettre l’ordonnance',
  'ISP named': 'FAI nommé',
  Measures: 'Mesures',
  Term: 'Durée',
  '; implement within': ' ; mise en œuvre sous',
  days: 'jours',
  'Cost borne by': 'Coût supporté par',
  'Updates by': 'Mises à jour par',
  'not stored yet': 'pas encore enregistré',
  Targets: 'Cibles',
  'Targets of the order': 'Cibles de l’ordonnance',
  Target: 'Cible',
  'Implement by': 'Mettre en œuvre avant le',
  'First exported': 'Premier export',
  Note: 'Note',
  'Override of the protected list:': 'Dérogation à la liste protégée :',
  'Propose mirrors under this order': 'Proposer des miroirs au titre de cette ordonnance',
  'Confirm or reject this order': 'Confirmer ou rejeter cette ordonnance',
  "Deadline to implement, counted from the order's date:":
    'Délai de mise en œuvre, compté depuis la date de l’ordonnance :',
  ". Confirming checks each target against today's protected list; the others take effect at once.":
    '. La confirmation vérifie chaque cible par rapport à la liste protégée du jour ; les autres prennent effet immédiatement.',
  Confirm: 'Confirmer',
  'Record the decision on the order': 'Enregistrer la décision sur l’ordonnance',
  'Cost lines': 'Lignes de coût',
  'For invoicing: the cost is borne by': 'Pour la facturation : le coût est supporté par',
  'Cost lines for invoicing': 'Lignes de coût pour la facturation',
  Date: 'Date',
  Description: 'Description',
  Hours: 'Heures',
  Amount: 'Montant',
  'Recorded by': 'Enregistré par',
  'Total in': 'Total en',
  'hours,': 'heures,',
  'No cost line yet.': 'Aucune ligne de coût pour l’instant.',
  'Add a cost line': 'Ajouter une ligne de coût',
  'Date incurred': 'Date engagée',
  'Work or expense': 'Travail ou dépense',
  "In the currency's units, like 1250.00.": 'En unités de la devise, comme 1250.00.',
  Currency: 'Devise',
  'Record the cost line': 'Enregistrer la ligne de coût',
  "Court orders to block sites. Targets take effect when legal confirms the order or approves an update; an order's targets stop at its end on their own. Overrides of the protected list are shown in red.":
    'Ordonnances de blocage de sites. Les cibles prennent effet quand le service juridique confirme l’ordonnance ou approuve une mise à jour ; les cibles d’une ordonnance s’arrêtent d’elles-mêmes à son terme. Les dérogations à la liste protégée sont en rouge.',
  'Submit an order': 'Soumettre une ordonnance',
  'Propose mirrors': 'Proposer des miroirs',
  'Exports for resolvers and routers': 'Exports pour les résolveurs et les routeurs',
  export: 'export',
  Orders: 'Ordonnances',
  'Blocking orders, newest first': 'Ordonnances de blocage, les plus récentes d’abord',
  'Court and case': 'Tribunal et affaire',
  'ends soon': 'se termine bientôt',
  'No blocking order yet.': 'Aucune ordonnance de blocage pour l’instant.',
  'Names, ranges and AS numbers that no target may touch without a legal override written down. The file format and the CLI are described in docs/blocking.md.':
    'Noms, plages et numéros d’AS qu’aucune cible ne peut toucher sans une dérogation juridique écrite. Le format du fichier et la CLI sont décrits dans docs/blocking.md.',
  Overrides: 'Dérogations',
  under: 'sous',
  'No target overrides the protected list.': 'Aucune cible ne déroge à la liste protégée.',
  Entries: 'Entrées',
  'Protected entries': 'Entrées protégées',
  Value: 'Valeur',
  'The protected list is empty.': 'La liste protégée est vide.',
  'Protect a name, range or AS': 'Protéger un nom, une plage ou un AS',
  'Name, range or AS number': 'Nom, plage ou numéro d’AS',
  'Why it is protected': 'Pourquoi il est protégé',
  Protect: 'Protéger',
  "Propose sites that mirror one already blocked under a confirmed order. Nothing is blocked until a legal person approves each one, citing a court order, an authority's request or the parties' agreement.":
    'Proposez des sites qui reproduisent un site déjà bloqué au titre d’une ordonnance confirmée. Rien n’est bloqué tant qu’un juriste n’a pas approuvé chacun, en citant une ordonnance, la demande d’une autorité ou l’accord des parties.',
  Order: 'Ordonnance',
  'Mirror of': 'Miroir de',
  'The blocked site these copy, like pirate.example.':
    'Le site bloqué que ceux-ci copient, comme pirate.example.',
  Mirrors: 'Miroirs',
  'One a line: domain names, and addresses only where the order orders IP blocking.':
    'Un par ligne : noms de domaine, et adresses seulement si l’ordonnance impose un blocage IP.',
  'What shows these are mirrors: same catalogue, same layout, a redirect…':
    'Ce qui montre que ce sont des miroirs : même catalogue, même mise en page, une redirection…',
  'Seen at (UTC)': 'Vu à (UTC)',
  'SHA-256 of the saved page (optional)': 'SHA-256 de la page enregistrée (facultatif)',
  'SHA-256 of the screenshot (optional)': 'SHA-256 de la capture d’écran (facultatif)',
  'Send the proposals': 'Envoyer les propositions',
  'None of your orders is confirmed yet: mirrors can be proposed once legal confirms an order.':
    'Aucune de vos ordonnances n’est encore confirmée : des miroirs pourront être proposés une fois qu’une ordonnance sera confirmée.',
  "Mirrors proposed under an existing order. Nothing is applied until a legal person approves it, citing a court reference, an authority's request or the parties' agreement.":
    'Miroirs proposés au titre d’une ordonnance existante. Rien n’est appliqué tant qu’un juriste ne l’a pas approuvé, en citant une référence judiciaire, la demande d’une autorité ou l’accord des parties.',
  'Orders waiting for confirmation': 'Ordonnances en attente de confirmation',
  'Submitted orders, soonest deadline first':
    'Ordonnances soumises, échéance la plus proche d’abord',
  Submitted: 'Soumise',
  'No order is waiting for confirmation.': 'Aucune ordonnance n’attend de confirmation.',
  'Waiting for a decision': 'En attente de décision',
  'Pending update requests, soonest deadline first':
    'Demandes de mise à jour en attente, échéance la plus proche d’abord',
  Request: 'Demande',
  Flags: 'Signalements',
  seen: 'vu',
  'Legal basis (to approve)': 'Fondement juridique (pour approuver)',
  'Court reference, authority request id or agreement':
    'Référence judiciaire, identifiant de la demande d’autorité ou de l’accord',
  'Ground (to refuse)': 'Motif (pour refuser)',
  'Written justification to override the protected list (optional)':
    'Justification écrite pour déroger à la liste protégée (facultatif)',
  'Record the decision for the selected requests':
    'Enregistrer la décision pour les demandes sélectionnées',
  'No update request is waiting.': 'Aucune demande de mise à jour n’est en attente.',
  'Decided update requests': 'Demandes de mise à jour décidées',
  'Basis or ground': 'Fondement ou motif',
  'override:': 'dérogation :',
  'No decision yet.': 'Aucune décision pour l’instant.',
  'A page hash is a SHA-256: 64 hexadecimal characters':
    'L’empreinte d’une page est un SHA-256 : 64 caractères hexadécimaux',
  'A screenshot hash is a SHA-256: 64 hexadecimal characters':
    'L’empreinte d’une capture d’écran est un SHA-256 : 64 caractères hexadécimaux',
  'A written justification needs at least 20 characters':
    'Une justification écrite doit compter au moins 20 caractères',
  'Choose a ground': 'Choisissez un motif',
  'Choose confirm or reject': 'Choisissez de confirmer ou de rejeter',
  'Choose how long the order lasts': 'Choisissez la durée de l’ordonnance',
  'Choose how the order may be extended to mirrors':
    'Choisissez comment l’ordonnance peut être étendue aux miroirs',
  'Choose the legal basis': 'Choisissez le fondement juridique',
  'Choose the order the mirrors fall under': 'Choisissez l’ordonnance dont relèvent les miroirs',
  'Choose who bears the cost': 'Choisissez qui supporte le coût',
  'Describe the evidence (3 to 4,000 characters)': 'Décrivez les preuves (3 à 4 000 caractères)',
  'Describe the evidence that these are mirrors': 'Décrivez les preuves qu’il s’agit de miroirs',
  'Describe the work or expense': 'Décrivez le travail ou la dépense',
  'Describe the work or expense (up to 500 characters)':
    'Décrivez le travail ou la dépense (500 caractères au plus)',
  'Give a name, a range or an AS number': 'Indiquez un nom, une plage ou un numéro d’AS',
  'Give the ISP the order names': 'Indiquez le FAI nommé par l’ordonnance',
  'Give the ISP the order names (up to 300 characters)':
    'Indiquez le FAI nommé par l’ordonnance (300 caractères au plus)',
  'Give the blocked site these are mirrors of':
    'Indiquez le site bloqué dont ceux-ci sont des miroirs',
  'Give the case number': 'Indiquez le numéro d’affaire',
  'Give the case number (up to 200 characters)':
    'Indiquez le numéro d’affaire (200 caractères au plus)',
  'Give the court': 'Indiquez le tribunal',
  'Give the court (up to 300 characters)': 'Indiquez le tribunal (300 caractères au plus)',
  'Give the court reference, authority request id or agreement':
    'Indiquez la référence judiciaire, l’identifiant de la demande d’autorité ou l’accord',
  'Give the currency as a three-letter code, like EUR':
    'Indiquez la devise par son code à trois lettres, comme EUR',
  'Give the date and time the mirrors were seen (UTC), like 2026-11-30 20:00':
    'Indiquez la date et l’heure où les miroirs ont été vus (UTC), comme 2026-11-30 20:00',
  'Give the date of the order, like 2026-11-20':
    'Indiquez la date de l’ordonnance, comme 2026-11-20',
  'Give the day the cost was incurred, like 2026-12-01':
    'Indiquez le jour où le coût a été engagé, comme 2026-12-01',
  'Give the duration in whole months, 1 to 120': 'Indiquez la durée en mois entiers, de 1 à 120',
  'Give the jurisdiction as a two-letter code, like fr':
    'Indiquez la juridiction par un code à deux lettres, comme fr',
  'Give the last day of the order, like 2027-11-20':
    'Indiquez le dernier jour de l’ordonnance, comme 2027-11-20',
  'Give the live-event windows, one a line':
    'Indiquez les périodes d’événements en direct, une par ligne',
  'Give the mirrors, one a line (up to 500)': 'Indiquez les miroirs, un par ligne (500 au plus)',
  'Give the reason': 'Indiquez le motif',
  'Give the reason (3 to 2,000 characters)': 'Indiquez le motif (3 à 2 000 caractères)',
  'Give the reason (3 to 2000 characters)': 'Indiquez le motif (3 à 2 000 caractères)',
  'Say how a blocked site or a visitor can contest the order':
    'Indiquez comment un site bloqué ou un visiteur peut contester l’ordonnance',
  'Say how a blocked site or a visitor can contest the order (up to 2,000 characters)':
    'Indiquez comment un site bloqué ou un visiteur peut contester l’ordonnance (2 000 caractères au plus)',
  'Tick at least one request': 'Cochez au moins une demande',
  'Tick only the measures listed': 'Cochez seulement les mesures listées',
  'Tick the measures the order orders': 'Cochez les mesures ordonnées',
  'At most 500 live-event windows': '500 périodes d’événements en direct au plus',
  'The order document must be a PDF file': 'Le document de l’ordonnance doit être un fichier PDF',
  'An approval cites its legal basis': 'Une approbation cite son fondement juridique',
  'A refusal names its ground': 'Un refus indique son motif',
  'Update review queue': 'File d’examen des mises à jour',
  'Update requests': 'Demandes de mise à jour',
} as const satisfies Record<string, string>;
