import { CatalogueSet, fill, Language } from '../../../common/i18n/translator';
import { formatUtcIn } from './portal-format';

// The portal's words in French, keyed by the English phrase as the views write it
// ({{t "…"}}) and as controllers pass it (page titles, menu labels, form and error messages):
// gettext's convention, so a view reads in English and a new phrase is one line here.
// Dates and numbers are not phrases: the `utc` and `number` helpers format them per language.
// `test`: src/modules/portal/i18n/portal-catalogue.spec.ts fails on a phrase a view or a
// controller uses that is missing here, on one nobody uses, and on English left in French.
const FRENCH = {
  'API keys': 'Clés d’API',
  'Machine clients send notices with an API key in the':
    'Les clients automatiques envoient les notifications avec une clé d’API dans l’en-tête',
  'header.': '.',
  "As an administrator you see every organisation's keys and issue keys for rights-holder organisations here; staff keys are made on the server with":
    'En tant qu’administrateur, vous voyez les clés de chaque organisation et délivrez ici des clés aux organisations d’ayants droit ; les clés du personnel se créent sur le serveur avec',
  'Key “': 'Clé « ',
  '” created': ' » créée',
  'Copy it now: it is shown only this once':
    'Copiez-la maintenant : elle n’est affichée qu’une seule fois',
  'and cannot be recovered later.': 'et ne pourra pas être récupérée ensuite.',
  'Your new key': 'Votre nouvelle clé',
  'Create a key': 'Créer une clé',
  Name: 'Nom',
  'A label to tell keys apart, e.g. “notice robot”.':
    'Un libellé pour distinguer les clés, par exemple « robot de notifications ».',
  'Error:': 'Erreur :',
  Organisation: 'Organisation',
  'Choose an organisation': 'Choisissez une organisation',
  'What the key may do': 'Ce que la clé peut faire',
  'Create key': 'Créer la clé',
  'Active keys': 'Clés actives',
  'Active API keys': 'Clés d’API actives',
  'Key starts with': 'Début de la clé',
  Role: 'Rôle',
  'Organisation id': 'Identifiant de l’organisation',
  Created: 'Créée',
  'Last used': 'Dernière utilisation',
  Actions: 'Actions',
  never: 'jamais',
  Revoke: 'Révoquer',
  key: 'clé',
  'No active keys.': 'Aucune clé active.',
  'Create one above to send notices through the API.':
    'Créez-en une ci-dessus pour envoyer des notifications par l’API.',
  'Revoked keys': 'Clés révoquées',
  Revoked: 'Révoquée',
  'Attribution lookup': 'Recherche d’attribution',
  'Which subscriber account held an address (and port) at one second. The answer is a pseudonymous reference and the log records used: never a name or contact detail.':
    'Quel compte d’abonné détenait une adresse (et un port) à une seconde donnée. La réponse est une référence pseudonyme et les enregistrements de journal utilisés : jamais un nom ni une coordonnée.',
  'IP address': 'Adresse IP',
  'Source port': 'Port source',
  '(optional; needed for CGNAT addresses)': '(facultatif ; nécessaire pour les adresses CGNAT)',
  Time: 'Heure',
  'To the second with its zone, e.g. 2026-10-04T21:13:07Z or 2026-10-04T23:13:07+02:00.':
    'À la seconde près avec son fuseau, par exemple 2026-10-04T21:13:07Z ou 2026-10-04T23:13:07+02:00.',
  'Look up': 'Rechercher',
  'Result:': 'Résultat :',
  'Subscriber reference': 'Référence d’abonné',
  'Candidate accounts': 'Comptes candidats',
  Reason: 'Motif',
  Evidence: 'Preuves',
  Hop: 'Étape',
  Source: 'Source',
  Address: 'Adresse',
  Starts: 'Début',
  Ends: 'Fin',
  'Confirmed until': 'Confirmé jusqu’au',
  Tolerance: 'Tolérance',
  Reference: 'Référence',
  '(ports': '(ports',
  '(not confirmed)': '(non confirmé)',
  s: 's',
  '(matched only within tolerance)': '(correspondance seulement dans la tolérance)',
  'No log record was used for this outcome.':
    'Aucun enregistrement de journal n’a servi à ce résultat.',
  'Audit log': 'Journal d’audit',
  'Every opening of a subscriber’s identity, every disclosure step and every change to accounts, keys and senders, append-only and hash-chained. Newest first.':
    'Chaque ouverture de l’identité d’un abonné, chaque étape de communication et chaque modification des comptes, clés et expéditeurs, en ajout seul et chaîné par empreintes. Les plus récentes d’abord.',
  'Verified: the hash chain of all': 'Vérifié : la chaîne d’empreintes des',
  'entries is intact.': 'entrées est intacte.',
  'Verification failed at entry': 'Échec de la vérification à l’entrée',
  About: 'Objet',
  'A reference (notice, challenge, request, subscriber) or a name':
    'Une référence (notification, contestation, demande, abonné) ou un nom',
  Who: 'Qui',
  'A person’s name or e-mail, or an API key’s name':
    'Le nom ou l’adresse électronique d’une personne, ou le nom d’une clé d’API',
  What: 'Quoi',
  'Any action': 'Toute action',
  'From (UTC day)': 'Du (jour UTC)',
  'to (inclusive, UTC day)': 'au (inclus, jour UTC)',
  Filter: 'Filtrer',
  'Clear filters': 'Effacer les filtres',
  'Export these entries (CSV, with the chain’s verification)':
    'Exporter ces entrées (CSV, avec la vérification de la chaîne)',
  'Audit entries': 'Entrées d’audit',
  Entry: 'Entrée',
  Why: 'Pourquoi',
  Details: 'Détails',
  'Action code': 'Code d’action',
  'Entry hash': 'Empreinte de l’entrée',
  Pages: 'Pages',
  'Newest entries': 'Entrées les plus récentes',
  'Older entries': 'Entrées plus anciennes',
  'No audit entries': 'Aucune entrée d’audit',
  'match these filters': 'ne correspond à ces filtres',
  'before this point': 'avant ce point',
  '. Entries appear when someone opens subscriber identity, a disclosure is decided or an account, key or sender changes.':
    '. Des entrées apparaissent quand quelqu’un ouvre l’identité d’un abonné, qu’une communication est décidée ou qu’un compte, une clé ou un expéditeur change.',
  'Submit a blocking order': 'Soumettre une ordonnance de blocage',
  "Send the court's order with its PDF. Legal staff check it against the protected list and confirm it before anything is blocked; you can follow its status under":
    'Envoyez l’ordonnance du tribunal avec son PDF. Le service juridique la vérifie par rapport à la liste protégée et la confirme avant tout blocage ; vous pouvez suivre son état sous',
  'Blocking orders': 'Ordonnances de blocage',
  Court: 'Tribunal',
  Jurisdiction: 'Juridiction',
  'Two letters, like fr, it or uk; the stop page speaks its language.':
    'Deux lettres, comme fr, es ou uk ; la page d’arrêt parle sa langue.',
  'Case number': 'Numéro d’affaire',
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
  'Choose…': 'Choisissez…',
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
  'Blocking order': 'Ordonnance de blocage',
  Case: 'Affaire',
  'ISP named': 'FAI nommé',
  Measures: 'Mesures',
  Status: 'État',
  Term: 'Durée',
  to: 'au',
  '; implement within': ' ; mise en œuvre sous',
  days: 'jours',
  'Cost borne by': 'Coût supporté par',
  'Updates by': 'Mises à jour par',
  'Order document': 'Document de l’ordonnance',
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
  overdue: 'en retard',
  ". Confirming checks each target against today's protected list; the others take effect at once.":
    '. La confirmation vérifie chaque cible par rapport à la liste protégée du jour ; les autres prennent effet immédiatement.',
  Decision: 'Décision',
  Confirm: 'Confirmer',
  Reject: 'Rejeter',
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
  'Protected list': 'Liste protégée',
  'Names, ranges and AS numbers that no target may touch without a legal override written down. The file format and the CLI are described in docs/blocking.md.':
    'Noms, plages et numéros d’AS qu’aucune cible ne peut toucher sans une dérogation juridique écrite. Le format du fichier et la CLI sont décrits dans docs/blocking.md.',
  Overrides: 'Dérogations',
  under: 'sous',
  'No target overrides the protected list.': 'Aucune cible ne déroge à la liste protégée.',
  Entries: 'Entrées',
  'Protected entries': 'Entrées protégées',
  Kind: 'Type',
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
  Deadline: 'Échéance',
  Submitted: 'Soumise',
  'No order is waiting for confirmation.': 'Aucune ordonnance n’attend de confirmation.',
  'Waiting for a decision': 'En attente de décision',
  'Pending update requests, soonest deadline first':
    'Demandes de mise à jour en attente, échéance la plus proche d’abord',
  Select: 'Sélectionner',
  Request: 'Demande',
  Flags: 'Signalements',
  seen: 'vu',
  Approve: 'Approuver',
  Refuse: 'Refuser',
  'Legal basis (to approve)': 'Fondement juridique (pour approuver)',
  'Court reference, authority request id or agreement':
    'Référence judiciaire, identifiant de la demande d’autorité ou de l’accord',
  'Ground (to refuse)': 'Motif (pour refuser)',
  'Written justification to override the protected list (optional)':
    'Justification écrite pour déroger à la liste protégée (facultatif)',
  'Record the decision for the selected requests':
    'Enregistrer la décision pour les demandes sélectionnées',
  'No update request is waiting.': 'Aucune demande de mise à jour n’est en attente.',
  Decided: 'Décidée',
  'Decided update requests': 'Demandes de mise à jour décidées',
  'Basis or ground': 'Fondement ou motif',
  'override:': 'dérogation :',
  'No decision yet.': 'Aucune décision pour l’instant.',
  'Your organisation': 'Votre organisation',
  'Accreditation:': 'Accréditation :',
  'Your account is not linked to an organisation.': 'Votre compte n’est lié à aucune organisation.',
  'active key(s).': 'clé(s) active(s).',
  'Manage API keys': 'Gérer les clés d’API',
  'Your notices this month': 'Vos notifications ce mois-ci',
  'Your organisation sent': 'Votre organisation a envoyé',
  'notice(s) this month (UTC), with': 'notification(s) ce mois-ci (UTC), avec',
  'item(s). Where each item stands now:': 'élément(s). Où en est chaque élément :',
  'Items of this month’s notices by outcome': 'Éléments des notifications du mois par résultat',
  Outcome: 'Résultat',
  Items: 'Éléments',
  'Forwarded to the subscriber': 'Transmis à l’abonné',
  'Not forwarded': 'Non transmis',
  'Still in progress': 'Encore en cours',
  'All items': 'Tous les éléments',
  'No item of your organisation’s notices arrived this month. Outcomes appear here as soon as one does.':
    'Aucun élément des notifications de votre organisation n’est arrivé ce mois-ci. Les résultats s’afficheront ici dès qu’il y en aura un.',
  'We tell you whether each item was forwarded and, if not, why; we never tell you who the subscriber is.':
    'Nous vous disons si chaque élément a été transmis et, sinon, pourquoi ; nous ne vous disons jamais qui est l’abonné.',
  'Recent notices': 'Notifications récentes',
  All: 'Toutes les',
  'notice(s)': 'notification(s)',
  'Your organisation has not sent a notice yet. Notices sent through the API, by e-mail or here appear in this list.':
    'Votre organisation n’a encore envoyé aucune notification. Celles envoyées par l’API, par courriel ou ici apparaissent dans cette liste.',
  'Submit a notice': 'Soumettre une notification',
  'Send a notice through the portal form, or upload an ACNS file.':
    'Envoyez une notification par le formulaire du portail, ou téléversez un fichier ACNS.',
  'Open the notice form': 'Ouvrir le formulaire de notification',
  Organisations: 'Organisations',
  'All organisations': 'Toutes les organisations',
  Users: 'Utilisateurs',
  'All users': 'Tous les utilisateurs',
  'Notice intake': 'Réception des notifications',
  'Notices today': 'Notifications aujourd’hui',
  'Items today': 'Éléments aujourd’hui',
  'Notices this month': 'Notifications ce mois-ci',
  'Items this month': 'Éléments ce mois-ci',
  'In quarantine': 'En quarantaine',
  'Days and months in UTC. Quarantine counts every e-mailed notice from an unknown sender still waiting.':
    'Jours et mois en UTC. La quarantaine compte chaque notification reçue par courriel d’un expéditeur inconnu encore en attente.',
  'Notices received per day (UTC). The table below gives the same figures.':
    'Notifications reçues par jour (UTC). Le tableau ci-dessous donne les mêmes chiffres.',
  'Notices per day as a table': 'Notifications par jour sous forme de tableau',
  'Day (UTC)': 'Jour (UTC)',
  Notices: 'Notifications',
  Outcomes: 'Résultats',
  'Where the items of the notices received this month are now.':
    'Où en sont les éléments des notifications reçues ce mois-ci.',
  'Items by outcome, this month. The table gives the same figures.':
    'Éléments par résultat, ce mois-ci. Le tableau donne les mêmes chiffres.',
  'Items by outcome': 'Éléments par résultat',
  Today: 'Aujourd’hui',
  'This month': 'Ce mois-ci',
  'Refused, by rule': 'Refusés, par règle',
  Rule: 'Règle',
  'No item of this month’s notices was refused by a rule.':
    'Aucun élément des notifications du mois n’a été refusé par une règle.',
  'Not forwarded for another reason': 'Non transmis pour une autre raison',
  Queues: 'Files d’attente',
  'Redis did not answer for some queues: their figures are not shown.':
    'Redis n’a pas répondu pour certaines files : leurs chiffres ne sont pas affichés.',
  'Jobs per queue and state': 'Tâches par file et par état',
  Queue: 'File',
  Waiting: 'En attente',
  Active: 'Actives',
  Delayed: 'Différées',
  Failed: 'Échouées',
  unavailable: 'indisponible',
  'Queues as a chart': 'Files d’attente en graphique',
  'Warning delivery': 'Remise des avertissements',
  'Dead letters': 'Messages en échec définitif',
  Retrying: 'Nouvelle tentative',
  'Warning messages by delivery status': 'Messages d’avertissement par état de remise',
  Messages: 'Messages',
  'Delivery as a chart': 'Remise en graphique',
  Challenges: 'Contestations',
  'Lease imports': 'Imports de baux',
  'import(s) in the last 14 days.': 'import(s) au cours des 14 derniers jours.',
  'Lease imports per day (UTC). The table below gives the same figures.':
    'Imports de baux par jour (UTC). Le tableau ci-dessous donne les mêmes chiffres.',
  'Imports per day as a table': 'Imports par jour sous forme de tableau',
  Imports: 'Imports',
  'Most recent': 'Le plus récent',
  ', a': ', un journal',
  'log:': ' :',
  'imported,': 'importés,',
  'rejected —': 'rejetés —',
  'All lease imports': 'Tous les imports de baux',
  'No lease logs have been imported yet. Upload one with':
    'Aucun journal de baux n’a encore été importé. Téléversez-en un avec',
  or: 'ou',
  'Hash chain verified:': 'Chaîne d’empreintes vérifiée :',
  'entries, none altered or missing.': 'entrées, aucune modifiée ni manquante.',
  'Hash chain broken at entry': 'Chaîne d’empreintes rompue à l’entrée',
  on: 'sur',
  'The audit log is empty: nobody has read subscriber identity yet.':
    'Le journal d’audit est vide : personne n’a encore consulté l’identité d’un abonné.',
  'Open the audit log': 'Ouvrir le journal d’audit',
  'Disclosure requests': 'Demandes de communication',
  Open: 'Ouvertes',
  Overdue: 'En retard',
  'Due within 2 days': 'Échéance sous 2 jours',
  'Open disclosure requests, earliest deadline first':
    'Demandes de communication ouvertes, échéance la plus proche d’abord',
  Urgency: 'Urgence',
  'none given': 'non indiquée',
  'more open request(s) with later deadlines.':
    'autre(s) demande(s) ouverte(s) avec des échéances plus lointaines.',
  'No disclosure request is open. Orders and identification requests appear here, the earliest deadline first, until they are produced, refused or withdrawn.':
    'Aucune demande de communication n’est ouverte. Les ordonnances et demandes d’identification apparaissent ici, l’échéance la plus proche d’abord, jusqu’à leur production, leur refus ou leur retrait.',
  'Arcom identification requests (France) must be answered within 8 days of receipt.':
    'Les demandes d’identification de l’Arcom (France) doivent recevoir une réponse sous 8 jours après réception.',
  'Open the review queue': 'Ouvrir la file d’examen',
  'Sender quality': 'Qualité des expéditeurs',
  'The senders with the worst rates, the highest of a sender’s three rates first.':
    'Les expéditeurs aux plus mauvais taux, le plus élevé des trois taux d’un expéditeur d’abord.',
  'Senders with the worst quality rates': 'Expéditeurs aux plus mauvais taux de qualité',
  Sender: 'Expéditeur',
  Standing: 'Statut',
  Invalid: 'Invalides',
  Unmatched: 'Sans correspondance',
  Challenged: 'Contestés',
  'No sender has sent a notice item yet, so there are no rates to compare.':
    'Aucun expéditeur n’a encore envoyé d’élément de notification : il n’y a pas de taux à comparer.',
  'All senders': 'Tous les expéditeurs',
  'What will change (': 'Ce qui va changer (',
  'Organisation that sent them': 'Organisation qui les a envoyées',
  Cancel: 'Annuler',
  'Nothing is selected, so nothing will change. Go back and tick the rows to act on.':
    'Rien n’est sélectionné : rien ne changera. Revenez en arrière et cochez les lignes à traiter.',
  'Back to the search': 'Retour à la recherche',
  Mark: 'Marquer',
  notice: 'notification',
  notices: 'notifications',
  'invalid?': 'comme invalide(s) ?',
  'Each notice is marked invalid with the reason below: its items not yet forwarded stop, a warning not yet sent about it alone is cancelled, and every strike it caused is withdrawn. Only accepted notices can be marked invalid; others are listed as not changed.':
    'Chaque notification est marquée invalide avec le motif ci-dessous : ses éléments pas encore transmis s’arrêtent, un avertissement pas encore envoyé à son seul sujet est annulé, et chaque avertissement comptabilisé qu’elle a causé est retiré. Seules les notifications acceptées peuvent être marquées invalides ; les autres sont listées comme inchangées.',
  'Selected notices': 'Notifications sélectionnées',
  'Why are these notices invalid?': 'Pourquoi ces notifications sont-elles invalides ?',
  invalid: 'comme invalide(s)',
  'Outcome of each': 'Résultat pour chacune',
  'All challenges': 'Toutes les contestations',
  Challenge: 'Contestation',
  'What the subscriber says': 'Ce que dit l’abonné',
  Received: 'Reçue',
  Ground: 'Motif',
  'Strikes of this warning': 'Avertissements comptabilisés de ce message',
  'counting,': 'comptabilisé(s),',
  withdrawn: 'retiré(s)',
  by: 'par',
  'Reason given': 'Motif donné',
  Statement: 'Déclaration',
  'Assignment and internal notes': 'Attribution et notes internes',
  'Assigned to': 'Attribuée à',
  '(you)': '(vous)',
  'Not assigned to anyone.': 'Attribuée à personne.',
  Unassign: 'Retirer l’attribution',
  'Assign to me': 'Me l’attribuer',
  'A former user': 'Un ancien utilisateur',
  'No notes yet. Notes are internal: counsel and subscribers never see them.':
    'Pas encore de note. Les notes sont internes : ni les représentants ni les abonnés ne les voient.',
  'Add an internal note': 'Ajouter une note interne',
  'Add note': 'Ajouter la note',
  'Items the warning was about': 'Éléments visés par l’avertissement',
  Notice: 'Notification',
  Row: 'Ligne',
  Observed: 'Observé',
  Protocol: 'Protocole',
  '(optional; CGNAT port blocks may be per protocol)':
    '(facultatif ; les blocs de ports CGNAT peuvent dépendre du protocole)',
  'Not stated (blocks of every protocol)': 'Non indiqué (blocs de tous les protocoles)',
  'Choose TCP, UDP or not stated': 'Choisissez TCP, UDP ou non indiqué',
  Work: 'Œuvre',
  'The warning lists no items (they may have been removed under the retention policy).':
    'L’avertissement ne liste aucun élément (ils ont pu être supprimés selon la politique de conservation).',
  Decide: 'Décider',
  'Uphold: withdraw this warning’s strikes':
    'Accueillir : retirer les avertissements comptabilisés de ce message',
  'Reject: the strikes keep counting': 'Rejeter : les avertissements restent comptabilisés',
  'Recorded with your name in the audit log.': 'Enregistré à votre nom dans le journal d’audit.',
  'Record decision': 'Enregistrer la décision',
  'Subscribers dispute a warning through the link it carries. Open challenges come first, oldest first. Upholding one withdraws the warning’s strikes and counts against the sender.':
    'Les abonnés contestent un avertissement par le lien qu’il contient. Les contestations ouvertes viennent d’abord, les plus anciennes en premier. En accueillir une retire les avertissements comptabilisés du message et compte contre l’expéditeur.',
  'Challenges, open first': 'Contestations, ouvertes d’abord',
  View: 'Voir',
  'challenge received': 'contestation reçue',
  'No challenge is assigned to you. Open one and choose “Assign to me”.':
    'Aucune contestation ne vous est attribuée. Ouvrez-en une et choisissez « Me l’attribuer ».',
  'Every challenge is assigned to someone.': 'Chaque contestation est attribuée à quelqu’un.',
  'No subscriber has challenged a warning yet. Challenges appear here when a subscriber uses the link in a warning.':
    'Aucun abonné n’a encore contesté d’avertissement. Les contestations apparaissent ici quand un abonné utilise le lien d’un avertissement.',
  'Warnings that could not be delivered after every attempt, or whose outcome is unknown. Before retrying a message parked with “outcome unknown”, check the mail log for its Message-ID: the subscriber may already have it.':
    'Avertissements qui n’ont pas pu être remis après toutes les tentatives, ou dont le résultat est inconnu. Avant de renvoyer un message mis de côté avec « résultat inconnu », cherchez son Message-ID dans le journal de messagerie : l’abonné l’a peut-être déjà reçu.',
  'Dead letters, most recent first': 'Messages en échec définitif, les plus récents d’abord',
  'Dead since': 'En échec depuis',
  Message: 'Message',
  Attempts: 'Tentatives',
  Failure: 'Échec',
  'Select message': 'Sélectionner le message',
  '/ stage': '/ étape',
  Retry: 'Renvoyer',
  message: 'message',
  'Retry selected…': 'Renvoyer la sélection…',
  'You confirm on the next page.': 'Vous confirmez à la page suivante.',
  'No dead letters: every warning was delivered or is still being tried.':
    'Aucun message en échec définitif : chaque avertissement a été remis ou est encore en cours d’envoi.',
  'All deliveries by status': 'Toutes les remises par état',
  Deliveries: 'Remises',
  'Warning messages in the outbox, newest first. A failed message is retried automatically; a dead one waits in':
    'Messages d’avertissement dans la boîte d’envoi, les plus récents d’abord. Un message en échec est renvoyé automatiquement ; un message en échec définitif attend dans les',
  'dead letters': 'messages en échec définitif',
  'Filter by status': 'Filtrer par état',
  'with status': 'à l’état',
  Sent: 'Envoyé',
  'Last error': 'Dernière erreur',
  'No messages': 'Aucun message',
  '. Warnings appear here once attributed items are digested into messages.':
    '. Les avertissements apparaissent ici une fois les éléments attribués regroupés en messages.',
  'All escalation proposals': 'Toutes les propositions d’escalade',
  'Escalation proposal': 'Proposition d’escalade',
  Proposed: 'Proposée',
  Stage: 'Étape',
  'Counting strikes': 'Avertissements comptabilisés',
  'Addressed to': 'Adressée à',
  Reasons: 'Motifs',
  'Your decision is recorded under your name with your reasons. Approving records the decision only: carrying out a suspension is done in the subscriber systems.':
    'Votre décision est enregistrée à votre nom avec vos motifs. Approuver enregistre seulement la décision : la suspension elle-même se fait dans les systèmes des abonnés.',
  'Approve the': 'Approuver :',
  Decline: 'Décliner',
  'This proposal is addressed to': 'Cette proposition est adressée au rôle',
  ': a legal staff member or an administrator records the decision.':
    ' : un juriste ou un administrateur enregistre la décision.',
  'Escalation proposals': 'Propositions d’escalade',
  'When a subscriber’s strikes reach a stage whose policy proposes suspension or termination, the proposal waits here for a named person, who decides with reasons. Nothing is suspended or terminated automatically.':
    'Quand les avertissements d’un abonné atteignent une étape dont la politique propose une suspension ou une résiliation, la proposition attend ici une personne nommée, qui décide avec ses motifs. Rien n’est suspendu ni résilié automatiquement.',
  'Escalation proposals, open first': 'Propositions d’escalade, ouvertes d’abord',
  Action: 'Action',
  Strikes: 'Avertissements',
  For: 'Pour',
  'Select proposal for': 'Sélectionner la proposition pour',
  ', stage': ', étape',
  'proposal for': 'proposition pour',
  'Approve the selected…': 'Approuver la sélection…',
  'Decline the selected…': 'Décliner la sélection…',
  'You give reasons and confirm on the next page.':
    'Vous donnez vos motifs et confirmez à la page suivante.',
  'No escalation has been proposed. Proposals appear when a subscriber reaches a stage whose regime policy proposes suspension or termination.':
    'Aucune escalade n’a été proposée. Les propositions apparaissent quand un abonné atteint une étape dont la politique du régime propose une suspension ou une résiliation.',
  'History of': 'Historique de',
  'as sent': 'tel qu’envoyé',
  'You opened this message with the subscriber’s identity. The reading is recorded in the audit log with your name and the reason you gave.':
    'Vous avez ouvert ce message avec l’identité de l’abonné. La consultation est enregistrée dans le journal d’audit avec votre nom et le motif donné.',
  'With the identity put back, the text and HTML parts are byte for byte what the mail server accepted (SHA-256 checked).':
    'Avec l’identité remise en place, les parties texte et HTML sont identiques octet pour octet à ce que le serveur de messagerie a accepté (SHA-256 vérifié).',
  'With the identity put back, the parts do not hash to what was sent: the subscriber’s details have changed since, so this is not exactly the message sent.':
    'Avec l’identité remise en place, les empreintes des parties ne correspondent pas à l’envoi : les coordonnées de l’abonné ont changé depuis, ce n’est donc pas exactement le message envoyé.',
  'The message exactly as it was sent, with what identifies the subscriber replaced by placeholders:':
    'Le message exactement tel qu’envoyé, ce qui identifie l’abonné étant remplacé par des marqueurs :',
  '. Legal staff can open it with the identity, through the audited path.':
    '. Le service juridique peut l’ouvrir avec l’identité, par le chemin audité.',
  Envelope: 'Enveloppe',
  To: 'Destinataire',
  Subscriber: 'Abonné',
  Composed: 'Rédigé',
  'not yet': 'pas encore',
  'Message-ID': 'Message-ID',
  'Subject:': 'Objet :',
  'Text part': 'Partie texte',
  'HTML part (source)': 'Partie HTML (source)',
  'No copy of this message was kept: it was sent before the service kept copies. Its hashes and Message-ID are recorded.':
    'Aucune copie de ce message n’a été gardée : il a été envoyé avant que le service ne garde des copies. Ses empreintes et son Message-ID sont enregistrés.',
  'This message has not been sent yet: the copy is kept when the mail server accepts it.':
    'Ce message n’a pas encore été envoyé : la copie est gardée quand le serveur de messagerie l’accepte.',
  'Open with the subscriber’s identity': 'Ouvrir avec l’identité de l’abonné',
  'Why do you need it?': 'Pourquoi en avez-vous besoin ?',
  'Recorded in the audit log with your name.': 'Enregistré à votre nom dans le journal d’audit.',
  'Open with identity': 'Ouvrir avec l’identité',
  '← Notices': '← Notifications',
  'Case timeline: every step in time order':
    'Chronologie du dossier : chaque étape dans l’ordre du temps',
  unknown: 'inconnu',
  ', sent as': ', envoyée comme',
  'Case id': 'Identifiant du dossier',
  Owner: 'Titulaire',
  Statements: 'Déclarations',
  'good faith': 'bonne foi',
  made: 'faite',
  'not made': 'non faite',
  ', accuracy': ', exactitude',
  'Settlement screen': 'Filtre de transaction',
  'Flagged:': 'Signalé :',
  'the text demands settlement, payment or personal information.':
    'le texte exige une transaction, un paiement ou des données personnelles.',
  'Validation checks': 'Contrôles de validation',
  Check: 'Contrôle',
  Scope: 'Portée',
  Result: 'Résultat',
  Detail: 'Détail',
  row: 'ligne',
  'No check has run (a quarantined or unreadable notice).':
    'Aucun contrôle n’a été exécuté (notification en quarantaine ou illisible).',
  'Warnings and repairs': 'Avertissements et corrections',
  'The notice needed no repair.': 'La notification n’a nécessité aucune correction.',
  'Items and attribution': 'Éléments et attribution',
  'Items below were read from plain text: compare them with the lines they came from.':
    'Les éléments ci-dessous ont été lus dans du texte brut : comparez-les avec les lignes d’origine.',
  'Confirm the items read from text': 'Confirmer les éléments lus dans le texte',
  port: 'port',
  at: 'à',
  '; file': ' ; fichier',
  '; hash': ' ; empreinte',
  Attribution: 'Attribution',
  'candidate account(s)': 'compte(s) candidat(s)',
  'none (no single account)': 'aucun (pas de compte unique)',
  Regime: 'Régime',
  Forwarded: 'Transmis',
  'Read from text': 'Lu dans le texte',
  '(through CGNAT)': '(via CGNAT)',
  'Log source': 'Source du journal',
  Record: 'Enregistrement',
  pool: 'pool',
  'confirmed until': 'confirmé jusqu’au',
  '0 s': '0 s',
  '(only within tolerance)': '(seulement dans la tolérance)',
  'No item could be read from this notice.':
    'Aucun élément n’a pu être lu dans cette notification.',
  'Messages sent for this notice': 'Messages envoyés pour cette notification',
  'SMTP id': 'Identifiant SMTP',
  'No message has been sent for this notice yet.':
    'Aucun message n’a encore été envoyé pour cette notification.',
  'Every notice received, newest first. Open one for its checks, attribution evidence and the messages sent for it. Unknown senders wait in the':
    'Chaque notification reçue, la plus récente d’abord. Ouvrez-en une pour ses contrôles, les preuves d’attribution et les messages envoyés. Les expéditeurs inconnus attendent dans la',
  quarantine: 'quarantaine',
  'Item outcome': 'Résultat de l’élément',
  Any: 'Tous',
  'Received from': 'Reçue du',
  'to (inclusive, UTC)': 'au (inclus, UTC)',
  '(unknown)': '(inconnu)',
  'No notice matches these filters.': 'Aucune notification ne correspond à ces filtres.',
  'No notices yet. They arrive through the API, the abuse mailbox (':
    'Pas encore de notification. Elles arrivent par l’API, la boîte de signalement (',
  ') and counsel’s portal form.': ') et le formulaire du portail des représentants.',
  '← Quarantine': '← Quarantaine',
  'Quarantined notice': 'Notification en quarantaine',
  From: 'De',
  'no sender address': 'aucune adresse d’expéditeur',
  ', assigned to': ', attribuée à',
  'Why it waits': 'Pourquoi elle attend',
  'What the notice says': 'Ce que dit la notification',
  Complainant: 'Plaignant',
  Works: 'Œuvres',
  Port: 'Port',
  'Time as written': 'Heure telle qu’écrite',
  'No notice could be read from this message; accepting it records it as refused for that sender.':
    'Aucune notification n’a pu être lue dans ce message ; l’accepter l’enregistre comme refusée pour cet expéditeur.',
  'Accept for an existing organisation': 'Accepter pour une organisation existante',
  'It is then validated and processed as if that organisation had just sent it.':
    'Elle est alors validée et traitée comme si cette organisation venait de l’envoyer.',
  Accept: 'Accepter',
  'Accept as a new organisation': 'Accepter comme nouvelle organisation',
  'The organisation starts': 'L’organisation commence',
  'pending accreditation': 'en attente d’accréditation',
  ': its notices are refused under IN-4 until legal or an administrator accredits it.':
    ' : ses notifications sont refusées selon IN-4 jusqu’à ce que le service juridique ou un administrateur l’accrédite.',
  'Postal address': 'Adresse postale',
  '(optional)': '(facultatif)',
  Register: 'Enregistrer',
  'as its sender address, so its next e-mail is recognised':
    'comme adresse d’expéditeur, pour que son prochain courriel soit reconnu',
  'Create and accept': 'Créer et accepter',
  'Open the notice': 'Ouvrir la notification',
  Quarantine: 'Quarantaine',
  'E-mailed notices from addresses no organisation has registered. Nothing here is acted on until the desk assigns it to a sender or rejects it.':
    'Notifications reçues par courriel d’adresses qu’aucune organisation n’a enregistrées. Rien n’est traité tant que le service ne les a pas attribuées à un expéditeur ou rejetées.',
  'Quarantined notices': 'Notifications en quarantaine',
  Format: 'Format',
  'Select notice': 'Sélectionner la notification',
  'Accept the selected…': 'Accepter la sélection…',
  'Reject the selected…': 'Rejeter la sélection…',
  'The quarantine is empty: every e-mailed notice came from a registered sender.':
    'La quarantaine est vide : chaque notification reçue par courriel venait d’un expéditeur enregistré.',
  Search: 'Recherche',
  'Find items of every notice by address, port, time, reference, case id, subscriber reference, sender, status, reason, message or challenge, or by words of a title or file name. Times are UTC.':
    'Trouvez les éléments de toutes les notifications par adresse, port, heure, référence, identifiant de dossier, référence d’abonné, expéditeur, état, motif, message ou contestation, ou par les mots d’un titre ou d’un nom de fichier. Heures en UTC.',
  'Queues:': 'Files :',
  'Assigned to me': 'Attribuées à moi',
  Unassigned: 'Non attribuées',
  'Rows per page': 'Lignes par page',
  'Clear the search': 'Effacer la recherche',
  'Saved searches': 'Recherches enregistrées',
  Delete: 'Supprimer',
  'saved search': 'recherche enregistrée',
  'You have no saved searches. Search, then save the search under a name to come back to it.':
    'Vous n’avez aucune recherche enregistrée. Lancez une recherche, puis enregistrez-la sous un nom pour y revenir.',
  'Save this search as': 'Enregistrer cette recherche sous',
  'Save search': 'Enregistrer la recherche',
  Results: 'Résultats',
  'More than': 'Plus de',
  'items match. Narrow the search to see counts by status, reason and sender.':
    'éléments correspondent. Affinez la recherche pour voir les totaux par état, motif et expéditeur.',
  'item matches': 'élément correspond',
  'items match': 'éléments correspondent',
  'Download all': 'Télécharger',
  'matching items': 'tous les éléments correspondants',
  items: 'éléments',
  'as CSV': 'en CSV',
  '(selected; follow to remove)': '(sélectionné ; suivre pour retirer)',
  'Matching items, sorted by': 'Éléments correspondants, triés par',
  ', row': ', ligne',
  case: 'dossier',
  history: 'historique',
  of: 'de',
  'challenge:': 'contestation :',
  'Mark the selected notices invalid…': 'Marquer les notifications sélectionnées comme invalides…',
  'No item matches this search.': 'Aucun élément ne correspond à cette recherche.',
  'Fill in at least one field to search.': 'Remplissez au moins un champ pour rechercher.',
  'Every item of this subscriber in the search':
    'Tous les éléments de cet abonné dans la recherche',
  'The history of one subscriber account under its pseudonymous reference: notices, strikes, messages, challenges and escalations, oldest first, in UTC. Who the subscriber is stays with legal staff, behind the audited identity path.':
    'L’historique d’un compte d’abonné sous sa référence pseudonyme : notifications, avertissements comptabilisés, messages, contestations et escalades, les plus anciens d’abord, en UTC. Qui est l’abonné reste connu du seul service juridique, derrière le chemin d’identité audité.',
  Now: 'Maintenant',
  'Known since': 'Connu depuis',
  item: 'élément',
  'open)': 'ouvertes)',
  History: 'Historique',
  'Nothing has happened to this subscriber account yet.':
    'Rien n’est encore arrivé à ce compte d’abonné.',
  'Message templates': 'Modèles de messages',
  'Preview a subscriber message with fictitious sample data. A regime or language without its own template falls back to':
    'Prévisualisez un message à l’abonné avec des données d’exemple fictives. Un régime ou une langue sans modèle propre se replie sur',
  ', then': ', puis',
  '; the preview says which was used.': ' ; l’aperçu indique lequel a servi.',
  Template: 'Modèle',
  Language: 'Langue',
  'Portal language': 'Langue du portail',
  '(warnings only)': '(avertissements seulement)',
  Preview: 'Aperçu',
  'Rendered with regime': 'Rendu avec le régime',
  'and language': 'et la langue',
  'Back to notice': 'Retour à la notification',
  'Case timeline of notice': 'Chronologie du dossier de la notification',
  'Status:': 'État :',
  '. Every step of the case, oldest first, in UTC.':
    '. Chaque étape du dossier, la plus ancienne d’abord, en UTC.',
  'What happens next': 'Et ensuite',
  Steps: 'Étapes',
  'New disclosure request': 'Nouvelle demande de communication',
  'Send the order with the notices it covers. Legal staff review it before anything is disclosed.':
    'Envoyez l’ordonnance avec les notifications qu’elle couvre. Le service juridique l’examine avant toute communication.',
  'Kind of order': 'Type d’ordonnance',
  'Issuing court or authority': 'Juridiction ou autorité émettrice',
  'Notice references': 'Références des notifications',
  'The references of your notices the order covers, one per line or separated by commas, like NR-1A2B3C4D5E.':
    'Les références de vos notifications couvertes par l’ordonnance, une par ligne ou séparées par des virgules, comme NR-1A2B3C4D5E.',
  'Fields the order allows to be disclosed': 'Champs dont l’ordonnance permet la communication',
  'Objection window (days)': 'Délai d’opposition (jours)',
  'Days the subscriber has to object once told, as the order sets (0 to 365).':
    'Jours dont dispose l’abonné pour s’opposer une fois informé, tels que fixés par l’ordonnance (0 à 365).',
  'Respond by (optional)': 'Répondre avant le (facultatif)',
  'The date the order must be answered by (UTC).':
    'La date avant laquelle répondre à l’ordonnance (UTC).',
  'Order document (PDF, at most 10 MB)': 'Document de l’ordonnance (PDF, au plus 10 Mo)',
  'Send request': 'Envoyer la demande',
  'All disclosure requests': 'Toutes les demandes de communication',
  'Disclosure request': 'Demande de communication',
  'Issuing body': 'Autorité émettrice',
  'Respond by': 'Répondre avant le',
  'Objection window ends': 'Fin du délai d’opposition',
  'Notices covered': 'Notifications couvertes',
  'Fields allowed': 'Champs autorisés',
  'received, SHA-256': 'reçu, SHA-256',
  'not received': 'non reçu',
  'Refused on the grounds of': 'Refusée pour les motifs suivants :',
  'Package produced': 'Dossier produit',
  "Each download is recorded in the ISP's audit log.":
    'Chaque téléchargement est enregistré dans le journal d’audit du FAI.',
  'Download the package (printable HTML)': 'Télécharger le dossier (HTML imprimable)',
  'Download as JSON': 'Télécharger en JSON',
  'Status history': 'Historique des états',
  When: 'Quand',
  '(grounds:': '(motifs :',
  'The request has been received; its review has not started yet.':
    'La demande a été reçue ; son examen n’a pas encore commencé.',
  "Court orders and other requests for the identity of subscribers named by your organisation's notices. Legal staff review each one; once produced, the package can be downloaded here.":
    'Ordonnances et autres demandes d’identité d’abonnés visés par les notifications de votre organisation. Le service juridique examine chacune ; une fois produit, le dossier peut être téléchargé ici.',
  "Your organisation's requests": 'Demandes de votre organisation',
  'Disclosure requests with status and deadline': 'Demandes de communication avec état et échéance',
  'Your organisation has not sent any disclosure requests yet. Requests you submit, with their status and deadline, will be listed here.':
    'Votre organisation n’a encore envoyé aucune demande de communication. Les demandes que vous soumettez, avec leur état et leur échéance, seront listées ici.',
  'Error id:': 'Identifiant d’erreur :',
  'Back to your dashboard': 'Retour à votre tableau de bord',
  'Sign in': 'Connexion',
  'Skip to main content': 'Aller au contenu principal',
  'Signed in as': 'Connecté en tant que',
  'Sign out': 'Se déconnecter',
  Main: 'Principal',
  'Times are shown in UTC. Subscribers appear only under pseudonymous references.':
    'Les heures sont en UTC. Les abonnés n’apparaissent que sous des références pseudonymes.',
  'Each upload of a DHCP, RADIUS or CGNAT log with what it added to the lease history. Upload logs with':
    'Chaque téléversement d’un journal DHCP, RADIUS ou CGNAT avec ce qu’il a ajouté à l’historique des baux. Téléversez les journaux avec',
  'Lease imports, newest first': 'Imports de baux, les plus récents d’abord',
  File: 'Fichier',
  Read: 'Lus',
  Imported: 'Importés',
  Duplicates: 'Doublons',
  Rejected: 'Rejetés',
  Started: 'Commencé',
  'rejected record(s) listed': 'enregistrement(s) rejeté(s) listé(s)',
  line: 'ligne',
  'No lease logs have been imported yet.': 'Aucun journal de baux n’a encore été importé.',
  'Disclosure review': 'Examen des communications',
  'Open disclosure requests, the most urgent first. Overdue and soon-due requests are marked in words.':
    'Demandes de communication ouvertes, les plus urgentes d’abord. Les demandes en retard ou bientôt dues sont signalées en toutes lettres.',
  'Open disclosure requests sorted by deadline':
    'Demandes de communication ouvertes triées par échéance',
  'How it came': 'Mode de réception',
  '(motion pending)': '(requête pendante)',
  'No disclosure requests are waiting. Requests from rights holders and paper orders will appear here until they are produced, refused or withdrawn.':
    'Aucune demande de communication n’est en attente. Les demandes des ayants droit et les ordonnances papier apparaîtront ici jusqu’à leur production, leur refus ou leur retrait.',
  'Disclosure review queue': 'File d’examen des communications',
  'That step was not taken': 'Cette étape n’a pas été franchie',
  '(motion to quash pending)': '(requête en annulation pendante)',
  ', received': ', reçue',
  'Open the order (PDF)': 'Ouvrir l’ordonnance (PDF)',
  ', SHA-256': ', SHA-256',
  'Frozen since review started': 'Figé depuis le début de l’examen',
  'Required before approval or production': 'Requis avant approbation ou production',
  'Start review': 'Commencer l’examen',
  'Produce package': 'Produire le dossier',
  'Covered notices': 'Notifications couvertes',
  'Subscribers appear by pseudonymous reference only.':
    'Les abonnés n’apparaissent que par référence pseudonyme.',
  'Address and time': 'Adresse et heure',
  'Subscriber ref': 'Réf. abonné',
  Confidence: 'Fiabilité',
  Caveats: 'Réserves',
  'not attributed': 'non attribué',
  'Identity…': 'Identité…',
  none: 'aucune',
  'This request covers no notice items.': 'Cette demande ne couvre aucun élément de notification.',
  'Grounds for refusing (when refusing)': 'Motifs de refus (en cas de refus)',
  Transitions: 'Transitions',
  By: 'Par',
  'Order SHA-256': 'SHA-256 de l’ordonnance',
  'none on file': 'aucune au dossier',
  'No transitions yet: the request is as received.':
    'Pas encore de transition : la demande est telle que reçue.',
  'All legal holds': 'Toutes les mises en conservation',
  'Hold on': 'Conservation sur',
  'The hold was not released': 'La conservation n’a pas été levée',
  Held: 'Conservé',
  Placed: 'Placée',
  Released: 'Levée',
  'Release reason': 'Motif de la levée',
  'Release this hold': 'Lever cette conservation',
  'Once released, the retention purge applies again to what it covered (unless another hold or an open request still protects it).':
    'Une fois levée, la purge de conservation s’applique de nouveau à ce qu’elle couvrait (sauf si une autre conservation ou une demande ouverte le protège encore).',
  'Reason for releasing': 'Motif de la levée',
  'Release hold': 'Lever la conservation',
  'Legal holds': 'Conservations légales',
  'A hold stops the retention purge for a notice, for everything about one subscriber, or for a disclosure request and the notices it cites, until it is released. Placing and releasing a hold are both recorded in the':
    'Une conservation suspend la purge pour une notification, pour tout ce qui concerne un abonné, ou pour une demande de communication et les notifications qu’elle cite, jusqu’à sa levée. Placer et lever une conservation sont tous deux enregistrés dans le',
  'audit log': 'journal d’audit',
  'All holds': 'Toutes les conservations',
  'Active holds': 'Conservations actives',
  'Show active holds only': 'Afficher seulement les conservations actives',
  'Include released holds': 'Inclure les conservations levées',
  'All legal holds, active first': 'Toutes les conservations légales, actives d’abord',
  'Active legal holds': 'Conservations légales actives',
  'Release…': 'Lever…',
  'hold on': 'conservation sur',
  'No legal hold has ever been placed.': 'Aucune conservation légale n’a jamais été placée.',
  'No active legal holds: the retention purge applies to everything as usual.':
    'Aucune conservation légale active : la purge de conservation s’applique à tout comme d’habitude.',
  'Place a hold': 'Placer une conservation',
  'What to hold': 'Quoi conserver',
  'The notice reference (NR-…), the subscriber reference (SUB-…) or the disclosure request reference.':
    'La référence de notification (NR-…), la référence d’abonné (SUB-…) ou la référence de la demande de communication.',
  'Place hold': 'Placer la conservation',
  'Subscriber identity': 'Identité d’abonné',
  'Open the identity behind a pseudonymous subscriber reference. Every opening is written to the':
    'Ouvrez l’identité derrière une référence d’abonné pseudonyme. Chaque ouverture est écrite dans le',
  'with your name, the time and the purpose you give. Open an identity only when the task needs it.':
    'avec votre nom, l’heure et le but indiqué. N’ouvrez une identité que lorsque la tâche l’exige.',
  'Identity of': 'Identité de',
  'This opening was recorded in the audit log at':
    'Cette ouverture a été enregistrée dans le journal d’audit le',
  ', with the purpose “': ', avec le but « ',
  'not held': 'non détenu',
  'Do not copy these details into tickets, e-mails or notes; cite the subscriber reference instead.':
    'Ne recopiez pas ces coordonnées dans des tickets, courriels ou notes ; citez plutôt la référence d’abonné.',
  Purpose: 'But',
  'For example the disclosure request or subscriber access request this is for.':
    'Par exemple la demande de communication ou la demande d’accès de l’abonné concernée.',
  'Open identity (recorded)': 'Ouvrir l’identité (enregistré)',
  'The standing was not changed': 'Le statut n’a pas été modifié',
  'Last change': 'Dernier changement',
  'Acts for': 'Agit pour',
  Registered: 'Enregistré',
  'Notice quality': 'Qualité des notifications',
  'Notice quality of': 'Qualité des notifications de',
  Measure: 'Mesure',
  Count: 'Nombre',
  Rate: 'Taux',
  'Items (duplicates excluded)': 'Éléments (doublons exclus)',
  'Refused as invalid': 'Refusés comme invalides',
  'Matched no single subscriber': 'Sans abonné unique correspondant',
  'Challenged successfully': 'Contestés avec succès',
  'This sender has sent no notice items yet, so there is no quality to measure.':
    'Cet expéditeur n’a encore envoyé aucun élément de notification : il n’y a pas de qualité à mesurer.',
  'Suspend this sender': 'Suspendre cet expéditeur',
  'While suspended, its notices are refused at intake and it is told why. The change and your reason go in the audit log.':
    'Pendant la suspension, ses notifications sont refusées à la réception et il en est informé. Le changement et votre motif vont dans le journal d’audit.',
  'Reason for suspending': 'Motif de la suspension',
  'Suspend sender': 'Suspendre l’expéditeur',
  'Reinstate this sender': 'Rétablir cet expéditeur',
  'Its notices are acted on again from now. The change and your reason go in the audit log.':
    'Ses notifications sont de nouveau traitées dès maintenant. Le changement et votre motif vont dans le journal d’audit.',
  'Reason for reinstating': 'Motif du rétablissement',
  'Reinstate sender': 'Rétablir l’expéditeur',
  'Only an accredited sender can be suspended, and only a suspended one reinstated; this sender is':
    'Seul un expéditeur accrédité peut être suspendu, et seul un expéditeur suspendu rétabli ; le statut de cet expéditeur est',
  '. Accreditation is managed by an administrator.':
    '. L’accréditation est gérée par un administrateur.',
  Senders: 'Expéditeurs',
  'Complainant organisations and how good their notices have been: the share of items refused as invalid, of checked items that matched no single subscriber, and of forwarded items that a subscriber successfully challenged. Open a sender to suspend or reinstate it.':
    'Organisations plaignantes et qualité de leurs notifications : la part d’éléments refusés comme invalides, d’éléments contrôlés sans abonné unique correspondant, et d’éléments transmis contestés avec succès par un abonné. Ouvrez un expéditeur pour le suspendre ou le rétablir.',
  'Senders with their notice quality': 'Expéditeurs avec la qualité de leurs notifications',
  'A dash means there is nothing to count yet (no items, or none forwarded).':
    'Un tiret signifie qu’il n’y a encore rien à compter (aucun élément, ou aucun transmis).',
  'No complainant organisations yet, so no sender quality to show. Organisations are registered by an administrator.':
    'Pas encore d’organisation plaignante, donc aucune qualité d’expéditeur à afficher. Les organisations sont enregistrées par un administrateur.',
  'Report peer-to-peer sharing seen on this ISP’s addresses. We match each item against our logs and forward a warning to the subscriber; you are told whether each item was forwarded, never who received it.':
    'Signalez le partage pair à pair constaté sur les adresses de ce FAI. Nous rapprochons chaque élément de nos journaux et transmettons un avertissement à l’abonné ; vous savez si chaque élément a été transmis, jamais qui l’a reçu.',
  'Submit notice': 'Soumettre la notification',
  'Filled in from': 'Prérempli d’après',
  '’s registration; change it if this notice is for another claimant you act for.':
    ' (enregistrement) ; modifiez-le si cette notification concerne un autre demandeur que vous représentez.',
  'Claimant name': 'Nom du demandeur',
  'E-mail': 'Courriel',
  Phone: 'Téléphone',
  'The work': 'L’œuvre',
  'Copyright owner': 'Titulaire des droits',
  'The owners': 'Les titulaires pour lesquels',
  'is registered to act for.': 'est enregistrée.',
  'Title of the work': 'Titre de l’œuvre',
  'A row can name another work in its own “Work” column.':
    'Une ligne peut nommer une autre œuvre dans sa propre colonne « Œuvre ».',
  'Your case or notice id': 'Votre identifiant de dossier ou de notification',
  'Your own reference; the same id, address, port and time twice is a duplicate.':
    'Votre propre référence ; le même identifiant, la même adresse, le même port et la même heure deux fois font un doublon.',
  'One observation per row. Times to the second with their zone, e.g.':
    'Une observation par ligne. Heures à la seconde avec leur fuseau, par exemple',
  '. Leave unused rows empty.': '. Laissez vides les lignes inutilisées.',
  'Items of the notice': 'Éléments de la notification',
  'Time with zone': 'Heure avec fuseau',
  'File name': 'Nom du fichier',
  Infohash: 'Infohash',
  '(if another)': '(si une autre)',
  'Add more rows': 'Ajouter des lignes',
  'I believe in good faith that the use described is not authorised by the copyright owner, its agent or the law.':
    'Je crois de bonne foi que l’usage décrit n’est autorisé ni par le titulaire des droits, ni par son mandataire, ni par la loi.',
  'The information in this notice is accurate, and I am authorised to act for the copyright owner.':
    'Les informations de cette notification sont exactes, et je suis habilité à agir pour le titulaire des droits.',
  'Or send a notice file': 'Ou envoyez un fichier de notification',
  'An ACNS XML file or a whole e-mail (': 'Un fichier XML ACNS ou un courriel entier (',
  ') as your systems send it. It is read exactly as the API and our abuse mailbox read it, damaged XML included.':
    ') tel que vos systèmes l’envoient. Il est lu exactement comme l’API et notre boîte de signalement le lisent, XML abîmé compris.',
  'Notice file': 'Fichier de notification',
  'Or paste it': 'Ou collez-le',
  '(XML or the whole message source)': '(XML ou source complète du message)',
  'Send the file': 'Envoyer le fichier',
  '← My notices': '← Mes notifications',
  'Receipt for notice': 'Accusé de réception de la notification',
  '(quote it in any correspondence)': '(citez-le dans toute correspondance)',
  'Your case id': 'Votre identifiant de dossier',
  'Refused because': 'Refusée parce que',
  'Good faith: made.': 'Bonne foi : déclarée.',
  'Good faith: not made.': 'Bonne foi : non déclarée.',
  'Accuracy: made.': 'Exactitude : déclarée.',
  'Accuracy: not made.': 'Exactitude : non déclarée.',
  'Repairs made to your notice': 'Corrections apportées à votre notification',
  "Each item's outcome": 'Résultat de chaque élément',
  'Seen at': 'Vu à',
  'Reason code': 'Code de motif',
  'The subscriber’s identity is never disclosed here. To learn it you need a court order or the subscriber’s consent.':
    'L’identité de l’abonné n’est jamais communiquée ici. Pour la connaître, il faut une décision de justice ou le consentement de l’abonné.',
  'My notices': 'Mes notifications',
  'Your organisation’s notices, newest first, with what became of each.':
    'Les notifications de votre organisation, les plus récentes d’abord, avec ce qu’il est advenu de chacune.',
  Accepted: 'Acceptée',
  Refused: 'Refusée',
  'Rejected by the desk': 'Rejetée par le service',
  'Case id or reference': 'Identifiant de dossier ou référence',
  'Your notices': 'Vos notifications',
  'Your organisation has not sent any notice yet.':
    'Votre organisation n’a encore envoyé aucune notification.',
  'Submit the first one': 'Soumettre la première',
  ', or send them through the API.': ', ou envoyez-les par l’API.',
  'Last reason': 'Dernier motif',
  'Change its standing': 'Modifier son statut',
  'Why?': 'Pourquoi ?',
  'Change standing': 'Modifier le statut',
  'Complainant organisations: rights holders, and the vendors and law firms acting for them.':
    'Organisations plaignantes : ayants droit, ainsi que les prestataires et cabinets qui agissent pour eux.',
  'Add an organisation': 'Ajouter une organisation',
  'Choose a kind': 'Choisissez un type',
  'Postal address (optional)': 'Adresse postale (facultatif)',
  'Add organisation': 'Ajouter l’organisation',
  Accreditation: 'Accréditation',
  'Sender addresses': 'Adresses d’expéditeur',
  'No organisations yet. Register one with': 'Pas encore d’organisation. Enregistrez-en une avec',
  'There is a problem': 'Il y a un problème',
  'Showing {from}–{to} (page {page} of {pages})': 'Affichage {from}–{to} (page {page} sur {pages})',
  Previous: 'Précédent',
  page: 'page',
  Page: 'Page',
  Next: 'Suivant',
  'Showing {from}–{to} of {total} (page {page} of {pages})':
    'Affichage {from}–{to} sur {total} (page {page} sur {pages})',
  'Previous page': 'Page précédente',
  'Next page': 'Page suivante',
  'Set your password': 'Définir votre mot de passe',
  'Choose a password of at least 12 characters. This link works once.':
    'Choisissez un mot de passe d’au moins 12 caractères. Ce lien ne fonctionne qu’une fois.',
  'New password': 'Nouveau mot de passe',
  'The same password again': 'Le même mot de passe encore une fois',
  'Set password': 'Définir le mot de passe',
  'This link is not valid any more: it was used, it expired, or a newer one replaced it.':
    'Ce lien n’est plus valable : il a été utilisé, il a expiré ou un lien plus récent l’a remplacé.',
  'Ask for a new link': 'Demander un nouveau lien',
  'Forgot your password?': 'Mot de passe oublié ?',
  'Check your mail': 'Consultez votre messagerie',
  'If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.':
    'Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant une heure.',
  'No mail after a few minutes? Check your spam folder, or':
    'Pas de message après quelques minutes ? Regardez dans vos indésirables, ou',
  'ask again': 'redemandez',
  'Back to sign in': 'Retour à la connexion',
  'Enter the e-mail address you sign in with. We will send it a link to choose a new password.':
    'Saisissez l’adresse électronique avec laquelle vous vous connectez. Nous y enverrons un lien pour choisir un nouveau mot de passe.',
  'Send me a link': 'M’envoyer un lien',
  Code: 'Code',
  'The recipient’s mailbox does not exist': 'La boîte du destinataire n’existe pas',
  'The recipient’s mailbox is unavailable': 'La boîte du destinataire est indisponible',
  'The recipient’s mailbox is full': 'La boîte du destinataire est pleine',
  'The receiving server refused it as spam or by its policy':
    'Le serveur destinataire l’a refusé comme indésirable ou selon sa politique',
  'The receiving server asked to try again later':
    'Le serveur destinataire a demandé de réessayer plus tard',
  'Our mail server could not be reached': 'Notre serveur de messagerie était injoignable',
  'The mail server did not answer in time': 'Le serveur de messagerie n’a pas répondu à temps',
  'The mail server refused it for another reason':
    'Le serveur de messagerie l’a refusé pour une autre raison',
  'Cancelled: the notice was marked invalid': 'Annulé : la notification a été déclarée invalide',
  'Cancelled: the subscriber has no e-mail address on file':
    'Annulé : l’abonné n’a pas d’adresse électronique enregistrée',
  'The message could not be composed from its template':
    'Le message n’a pas pu être composé à partir de son modèle',
  'The messaging policy of its regime does not forward notices':
    'La politique de messagerie de son régime ne transmet pas les notifications',
  'The notice was marked invalid': 'La notification a été déclarée invalide',
  'The warning could not be delivered': 'L’avertissement n’a pas pu être remis',
  'The warning’s delivery could not be confirmed':
    'La remise de l’avertissement n’a pas pu être confirmée',
  'A rule without a description': 'Une règle sans description',
  'Another reason': 'Une autre raison',
  'E-mail address': 'Adresse électronique',
  Password: 'Mot de passe',
  'Five wrong passwords in a row lock the account for 15 minutes.':
    'Cinq mots de passe erronés d’affilée verrouillent le compte pendant 15 minutes.',
  'One-time link to set the password': 'Lien à usage unique pour définir le mot de passe',
  'Copy it now: it is shown only this once.':
    'Copiez-le maintenant : il n’est affiché qu’une seule fois.',
  'It works once, until': 'Il fonctionne une fois, jusqu’au',
  '; a new link replaces it.': ' ; un nouveau lien le remplace.',
  'Link for': 'Lien pour',
  Account: 'Compte',
  deactivated: 'désactivé',
  active: 'actif',
  'Give a one-time link to set a new password':
    'Donner un lien à usage unique pour définir un nouveau mot de passe',
  Deactivate: 'Désactiver',
  'Their sessions end at once and the API keys they made are revoked. The audit log keeps the reason.':
    'Ses sessions prennent fin immédiatement et les clés d’API créées sont révoquées. Le journal d’audit garde le motif.',
  'People who sign in to the portal, with their role. Open a person to deactivate them or to give them a one-time link to set a new password.':
    'Les personnes qui se connectent au portail, avec leur rôle. Ouvrez une personne pour la désactiver ou lui donner un lien à usage unique pour définir un nouveau mot de passe.',
  'Add a person': 'Ajouter une personne',
  'They set their own password with a one-time link shown after this. Legal accounts are made by legal staff, not here.':
    'Elle définit son propre mot de passe avec un lien à usage unique affiché ensuite. Les comptes juridiques sont créés par le service juridique, pas ici.',
  'Choose a role': 'Choisissez un rôle',
  'Organisation (rights-holder counsel only)':
    'Organisation (représentants des ayants droit seulement)',
  'None (ISP staff)': 'Aucune (personnel du FAI)',
  'Add person': 'Ajouter la personne',
  'No users yet.': 'Pas encore d’utilisateur.',
  'A page hash is a SHA-256: 64 hexadecimal characters':
    'L’empreinte d’une page est un SHA-256 : 64 caractères hexadécimaux',
  'A screenshot hash is a SHA-256: 64 hexadecimal characters':
    'L’empreinte d’une capture d’écran est un SHA-256 : 64 caractères hexadécimaux',
  'A written justification needs at least 20 characters':
    'Une justification écrite doit compter au moins 20 caractères',
  'Abuse desk': 'Service abus',
  Administrator: 'Administrateur',
  'Blocking updates': 'Mises à jour de blocage',
  'Choose a ground': 'Choisissez un motif',
  'Choose a language from the list': 'Choisissez une langue dans la liste',
  'Choose a regime from the list': 'Choisissez un régime dans la liste',
  'Choose a sender from the list': 'Choisissez un expéditeur dans la liste',
  'Choose a status from the list': 'Choisissez un état dans la liste',
  'Choose a template from the list': 'Choisissez un modèle dans la liste',
  'Choose an outcome from the list': 'Choisissez un résultat dans la liste',
  'Choose approve or refuse': 'Choisissez d’approuver ou de refuser',
  'Choose confirm or reject': 'Choisissez de confirmer ou de rejeter',
  'Choose how long the order lasts': 'Choisissez la durée de l’ordonnance',
  'Choose how the order may be extended to mirrors':
    'Choisissez comment l’ordonnance peut être étendue aux miroirs',
  'Choose the copyright owner you act for':
    'Choisissez le titulaire des droits que vous représentez',
  'Choose the kind of order': 'Choisissez le type d’ordonnance',
  'Choose the legal basis': 'Choisissez le fondement juridique',
  'Choose the order the mirrors fall under': 'Choisissez l’ordonnance dont relèvent les miroirs',
  'Choose the organisation that sent it': 'Choisissez l’organisation qui l’a envoyée',
  'Choose what kind of organisation it is': 'Choisissez le type d’organisation',
  'Choose what to hold: a notice, a subscriber or a request':
    'Choisissez quoi conserver : une notification, un abonné ou une demande',
  'Choose whether to approve or decline the proposal':
    'Choisissez d’approuver ou de décliner la proposition',
  'Choose whether to uphold or reject the challenge':
    'Choisissez d’accueillir ou de rejeter la contestation',
  'Choose who bears the cost': 'Choisissez qui supporte le coût',
  'Confirm that the notice is accurate': 'Confirmez que la notification est exacte',
  'Confirm that you act in good faith': 'Confirmez que vous agissez de bonne foi',
  'Confirm: mark notices invalid': 'Confirmer : marquer les notifications comme invalides',
  'Confirm: retry dead letters': 'Confirmer : renvoyer les messages en échec définitif',
  Dashboard: 'Tableau de bord',
  'Dead letters retried': 'Messages en échec définitif renvoyés',
  'Describe the evidence (3 to 4,000 characters)': 'Décrivez les preuves (3 à 4 000 caractères)',
  'Describe the evidence that these are mirrors': 'Décrivez les preuves qu’il s’agit de miroirs',
  'Describe the work or expense': 'Décrivez le travail ou la dépense',
  'Describe the work or expense (up to 500 characters)':
    'Décrivez le travail ou la dépense (500 caractères au plus)',
  'Enter an IPv4 or IPv6 address, like 198.51.100.10':
    'Saisissez une adresse IPv4 ou IPv6, comme 198.51.100.10',
  'Enter an e-mail address, like legal@studio.example':
    'Saisissez une adresse électronique, comme legal@studio.example',
  'Enter the claimant’s name': 'Saisissez le nom du demandeur',
  'Enter the claimant’s name (at most 300 characters)':
    'Saisissez le nom du demandeur (300 caractères au plus)',
  'Enter the claimant’s postal address': 'Saisissez l’adresse postale du demandeur',
  'Enter the claimant’s postal address (at most 1,000 characters)':
    'Saisissez l’adresse postale du demandeur (1 000 caractères au plus)',
  'Enter the objection window as a whole number of days, 0 to 365':
    'Saisissez le délai d’opposition en nombre entier de jours, de 0 à 365',
  'Enter the organisation’s name': 'Saisissez le nom de l’organisation',
  'Enter the organisation’s name (at most 200 characters)':
    'Saisissez le nom de l’organisation (200 caractères au plus)',
  'Enter the respond-by date as a date, like 2026-12-31':
    'Saisissez la date de réponse sous forme de date, comme 2026-12-31',
  'Enter the time to the second with its zone, like 2026-10-04T21:13:07Z':
    'Saisissez l’heure à la seconde avec son fuseau, comme 2026-10-04T21:13:07Z',
  'Enter your case or notice id': 'Saisissez votre identifiant de dossier ou de notification',
  'Enter your case or notice id (at most 200 characters)':
    'Saisissez votre identifiant de dossier ou de notification (200 caractères au plus)',
  'Enter your e-mail address, like name@example.org':
    'Saisissez votre adresse électronique, comme nom@example.org',
  'Enter your password': 'Saisissez votre mot de passe',
  Escalations: 'Escalades',
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
  'Give the key a name of 1 to 100 characters': 'Donnez à la clé un nom de 1 à 100 caractères',
  'Give the last day of the order, like 2027-11-20':
    'Indiquez le dernier jour de l’ordonnance, comme 2027-11-20',
  'Give the live-event windows, one a line':
    'Indiquez les périodes d’événements en direct, une par ligne',
  'Give the mirrors, one a line (up to 500)': 'Indiquez les miroirs, un par ligne (500 au plus)',
  'Give the reason': 'Indiquez le motif',
  'Give the reason (3 to 2,000 characters)': 'Indiquez le motif (3 à 2 000 caractères)',
  'Give the reason (3 to 2000 characters)': 'Indiquez le motif (3 à 2 000 caractères)',
  'Give the reason for rejecting it': 'Indiquez le motif du rejet',
  'Give the reason for rejecting it (at most 1,000 characters)':
    'Indiquez le motif du rejet (1 000 caractères au plus)',
  'Give the reason for the decision (3 to 2000 characters)':
    'Indiquez le motif de la décision (3 à 2 000 caractères)',
  'Give the reason for the decision in 3 to 2,000 characters':
    'Indiquez le motif de la décision en 3 à 2 000 caractères',
  'Give your reasons in 3 to 2,000 characters': 'Indiquez vos motifs en 3 à 2 000 caractères',
  Legal: 'Juridique',
  'Name the work': 'Nommez l’œuvre',
  'Name the work (at most 1,000 characters)': 'Nommez l’œuvre (1 000 caractères au plus)',
  'Notices marked invalid': 'Notifications marquées comme invalides',
  'Page not found': 'Page introuvable',
  Proposal: 'Proposition',
  'Queues (Bull Board)': 'Files d’attente (Bull Board)',
  'Resolver machine': 'Machine de résolution',
  'Rights-holder counsel': 'Représentant des ayants droit',
  'Say how a blocked site or a visitor can contest the order':
    'Indiquez comment un site bloqué ou un visiteur peut contester l’ordonnance',
  'Say how a blocked site or a visitor can contest the order (up to 2,000 characters)':
    'Indiquez comment un site bloqué ou un visiteur peut contester l’ordonnance (2 000 caractères au plus)',
  'Search for at most 200 characters': 'Recherchez 200 caractères au plus',
  'Select at least one message to retry': 'Sélectionnez au moins un message à renvoyer',
  'Select at most 200 messages at a time': 'Sélectionnez 200 messages au plus à la fois',
  'Select messages from the list': 'Sélectionnez des messages dans la liste',
  'Something went wrong': 'Une erreur s’est produite',
  Templates: 'Modèles',
  'That request could not be processed': 'Cette demande n’a pas pu être traitée',
  'The pasted notice is at most 1,000,000 characters':
    'La notification collée compte 1 000 000 caractères au plus',
  'The phone number is at most 100 characters':
    'Le numéro de téléphone compte 100 caractères au plus',
  'The port is a whole number from 0 to 65535': 'Le port est un nombre entier de 0 à 65535',
  'The postal address is at most 1,000 characters':
    'L’adresse postale compte 1 000 caractères au plus',
  'The stage is a whole number from 1 to 20': 'L’étape est un nombre entier de 1 à 20',
  'There is no page at this address.': 'Il n’y a pas de page à cette adresse.',
  'Tick at least one ground for refusing': 'Cochez au moins un motif de refus',
  'Tick at least one request': 'Cochez au moins une demande',
  'Tick only the grounds listed': 'Cochez seulement les motifs listés',
  'Tick only the measures listed': 'Cochez seulement les mesures listées',
  'Tick the measures the order orders': 'Cochez les mesures ordonnées',
  'Too many requests': 'Trop de requêtes',
  'Why are these notices rejected?': 'Pourquoi ces notifications sont-elles rejetées ?',
  'You do not have access to this page': 'Vous n’avez pas accès à cette page',
  'Your reasons': 'Vos motifs',
  'Your role does not include this page. Use the menu to reach the pages you can open.':
    'Votre rôle ne comprend pas cette page. Utilisez le menu pour atteindre les pages que vous pouvez ouvrir.',
  'Opened a subscriber’s identity': 'A ouvert l’identité d’un abonné',
  'Upheld a subscriber’s challenge': 'A accueilli la contestation d’un abonné',
  'Rejected a subscriber’s challenge': 'A rejeté la contestation d’un abonné',
  'Recorded a disclosure request': 'A enregistré une demande de communication',
  'Attached the order document': 'A joint le document de l’ordonnance',
  'Downloaded a disclosure package': 'A téléchargé un dossier de communication',
  'Started reviewing a disclosure request': 'A commencé l’examen d’une demande de communication',
  'Approved a disclosure request': 'A approuvé une demande de communication',
  'Refused a disclosure request': 'A refusé une demande de communication',
  'Recorded that the subscriber was told': 'A noté que l’abonné a été informé',
  'Started the subscriber’s objection window': 'A ouvert le délai d’opposition de l’abonné',
  'Produced a disclosure package': 'A produit un dossier de communication',
  'Recorded that a disclosure request was withdrawn':
    'A noté le retrait d’une demande de communication',
  'Put a disclosure request on hold': 'A suspendu une demande de communication',
  'Placed a legal hold': 'A placé une conservation légale',
  'Released a legal hold': 'A levé une conservation légale',
  'Purged data past its retention period':
    'A purgé des données au-delà de leur durée de conservation',
  'Noted that the sender has gone to court': 'A noté que l’expéditeur a saisi la justice',
  'Created an organisation': 'A créé une organisation',
  'Suspended a sender': 'A suspendu un expéditeur',
  'Reinstated a sender': 'A rétabli un expéditeur',
  'Changed a sender’s accreditation': 'A modifié l’accréditation d’un expéditeur',
  'Created a user account': 'A créé un compte utilisateur',
  'Confirmed a user account': 'A confirmé un compte utilisateur',
  'Disabled a user account': 'A désactivé un compte utilisateur',
  'Issued an API key': 'A délivré une clé d’API',
  'Revoked an API key': 'A révoqué une clé d’API',
  'Changed a lease source’s settings': 'A modifié les réglages d’une source de baux',
  'Confirmed a blocking order': 'A confirmé une ordonnance de blocage',
  'Rejected a blocking order': 'A rejeté une ordonnance de blocage',
  'Stored a blocking order’s document': 'A enregistré le document d’une ordonnance de blocage',
  'Recorded the cost of a blocking order': 'A enregistré le coût d’une ordonnance de blocage',
  'Changed the blocking lists sent to resolvers':
    'A modifié les listes de blocage envoyées aux résolveurs',
  'Proposed a change to a blocking order': 'A proposé une modification d’une ordonnance de blocage',
  'Approved a change to a blocking order':
    'A approuvé une modification d’une ordonnance de blocage',
  'Refused a change to a blocking order': 'A refusé une modification d’une ordonnance de blocage',
  'Imported a blocking request': 'A importé une demande de blocage',
  'Added to the protected list': 'A ajouté à la liste protégée',
  'Removed from the protected list': 'A retiré de la liste protégée',
  'Overrode the protected list': 'A dérogé à la liste protégée',
  'Loaded the protected list': 'A chargé la liste protégée',
  User: 'Utilisateur',
  'API key': 'Clé d’API',
  'Lease source': 'Source de baux',
  Retention: 'Conservation',
  'Blocking list': 'Liste de blocage',
  'Protected entry': 'Entrée protégée',
  'Blocking request': 'Demande de blocage',
  'Blocking order change': 'Modification d’ordonnance de blocage',
  'Mail delivery (automatic)': 'Remise du courrier (automatique)',
  'Retention purge (automatic)': 'Purge de conservation (automatique)',
  Service: 'Service',
  'Removed user': 'Utilisateur supprimé',
  'At most 500 live-event windows': '500 périodes d’événements en direct au plus',
  'Rights holder': 'Ayant droit',
  'Anti-piracy vendor': 'Prestataire anti-piratage',
  'Law firm': 'Cabinet d’avocats',
  'Pending accreditation: its notices are not acted on':
    'En attente d’accréditation : ses notifications ne sont pas traitées',
  'Accredited: its notices are acted on': 'Accréditée : ses notifications sont traitées',
  'Suspended: its notices are refused for now':
    'Suspendue : ses notifications sont refusées pour l’instant',
  'Revoked: its keys and sessions end': 'Révoquée : ses clés et sessions prennent fin',
  'The organisation was created, pending accreditation.':
    'L’organisation a été créée, en attente d’accréditation.',
  'The standing was changed and recorded in the audit log.':
    'Le statut a été modifié et enregistré dans le journal d’audit.',
  'Choose the new standing': 'Choisissez le nouveau statut',
  'Say why, in 3 to 1,000 characters (kept in the audit log)':
    'Dites pourquoi, en 3 à 1 000 caractères (gardé dans le journal d’audit)',
  'Enter the person’s name (at most 200 characters)':
    'Saisissez le nom de la personne (200 caractères au plus)',
  'Enter an e-mail address like name@example.org':
    'Saisissez une adresse électronique comme nom@example.org',
  'Choose a role from the list': 'Choisissez un rôle dans la liste',
  'Choose the organisation a complainant belongs to':
    'Choisissez l’organisation à laquelle appartient un plaignant',
  'The account was deactivated: its sessions and keys ended.':
    'Le compte a été désactivé : ses sessions et ses clés ont pris fin.',
  'Say why, in 3 to 500 characters (kept in the audit log)':
    'Dites pourquoi, en 3 à 500 caractères (gardé dans le journal d’audit)',
  'Choose a password of at least 12 characters':
    'Choisissez un mot de passe d’au moins 12 caractères',
  'Type the same password twice': 'Saisissez deux fois le même mot de passe',
  'You have signed out.': 'Vous êtes déconnecté.',
  'Your password is set. Sign in with it.': 'Votre mot de passe est défini. Connectez-vous avec.',
  'The e-mail address or password is not right.':
    'L’adresse électronique ou le mot de passe n’est pas correct.',
  'Choose the order document (a PDF file)':
    'Choisissez le document de l’ordonnance (un fichier PDF)',
  'The order document must be a PDF file': 'Le document de l’ordonnance doit être un fichier PDF',
  'An approval cites its legal basis': 'Une approbation cite son fondement juridique',
  'A refusal names its ground': 'Un refus indique son motif',
  'Update review queue': 'File d’examen des mises à jour',
  'Update requests': 'Demandes de mise à jour',
  'Select at least one notice in the results':
    'Sélectionnez au moins une notification dans les résultats',
  'Say why these notices are invalid': 'Dites pourquoi ces notifications sont invalides',
  'Write at most 1,000 characters': 'Écrivez 1 000 caractères au plus',
  'Wrong account: the subscriber was not using this connection':
    'Mauvais compte : l’abonné n’utilisait pas cette connexion',
  'Unauthorised use of the connection by someone else':
    'Utilisation non autorisée de la connexion par un tiers',
  'The subscriber has a licence for the work': 'L’abonné dispose d’une licence pour l’œuvre',
  'Fair dealing / fair use': 'Utilisation équitable / exception',
  Other: 'Autre',
  'The challenge is assigned to you. It is in your "Assigned to me" queue.':
    'La contestation vous est attribuée. Elle est dans votre file « Attribuées à moi ».',
  'The challenge is no longer assigned to anyone.':
    'La contestation n’est plus attribuée à personne.',
  'Your note was added.': 'Votre note a été ajoutée.',
  'Challenges assigned to me': 'Contestations qui me sont attribuées',
  'Unassigned challenges': 'Contestations non attribuées',
  'Write the note before adding it': 'Écrivez la note avant de l’ajouter',
  'Write at most 4,000 characters': 'Écrivez 4 000 caractères au plus',
  'Decision recorded.': 'Décision enregistrée.',
  'Send notices': 'Envoyer des notifications',
  'Read its notices and their outcomes': 'Lire ses notifications et leurs résultats',
  'File and follow disclosure requests': 'Déposer et suivre des demandes de communication',
  'The key was revoked. It no longer works.': 'La clé a été révoquée. Elle ne fonctionne plus.',
  'Tick at least one thing the key may do': 'Cochez au moins une chose que la clé peut faire',
  'Tick scopes from the list': 'Cochez des droits dans la liste',
  'Choose the organisation the key belongs to':
    'Choisissez l’organisation à laquelle appartient la clé',
  'Back in the outbox: it will be handed to the mail queue again':
    'De retour dans la boîte d’envoi : il sera de nouveau remis à la file d’envoi',
  'Back to the dead letters': 'Retour aux messages en échec définitif',
  'Choose the organisation that sent them': 'Choisissez l’organisation qui les a envoyées',
  'Give the reason for rejecting them (at most 1,000 characters)':
    'Indiquez le motif du rejet (1 000 caractères au plus)',
  'Accepted and checked as if just received':
    'Acceptée et contrôlée comme si elle venait d’arriver',
  'Quarantined notices accepted': 'Notifications en quarantaine acceptées',
  'Quarantined notices rejected': 'Notifications en quarantaine rejetées',
  'Back to the quarantine': 'Retour à la quarantaine',
  'Each notice is rejected with the reason below and nothing in it is acted on.':
    'Chaque notification est rejetée avec le motif ci-dessous et rien n’y est traité.',
  'Kept with each notice.': 'Gardé avec chaque notification.',
  Approved: 'Approuvée',
  Declined: 'Déclinée',
  'Back to the escalation proposals': 'Retour aux propositions d’escalade',
  'Recorded with your name on each proposal.': 'Enregistré à votre nom sur chaque proposition.',
  'Vendor acting for owners': 'Prestataire agissant pour des titulaires',
  'The items read from text were confirmed and go on to attribution.':
    'Les éléments lus dans le texte ont été confirmés et passent à l’attribution.',
  'An organisation with this name exists: choose it in “Accept for an existing organisation”':
    'Une organisation de ce nom existe : choisissez-la dans « Accepter pour une organisation existante »',
  'No such organisation: choose one from the list':
    'Organisation inconnue : choisissez-en une dans la liste',
  'One subscriber account held this address at that time.':
    'Un seul compte d’abonné détenait cette adresse à ce moment-là.',
  'Several accounts are candidates: no single subscriber can be named.':
    'Plusieurs comptes sont candidats : aucun abonné unique ne peut être nommé.',
  'No lease covers this address at that time.':
    'Aucun bail ne couvre cette adresse à ce moment-là.',
  'This address is in a shared CGNAT pool: a source port is needed to attribute it.':
    'Cette adresse est dans un pool CGNAT partagé : un port source est nécessaire pour l’attribuer.',
  'The time is outside the lease log retention window.':
    'L’heure est en dehors de la durée de conservation des journaux de baux.',
  'The address is outside this ISP’s address space.':
    'L’adresse est en dehors de l’espace d’adressage de ce FAI.',
  'Due soon': 'Échéance proche',
  'Improper joinder': 'Jonction irrégulière',
  Cost: 'Coût',
  'Match confidence too low': 'Fiabilité de correspondance trop faible',
  'Review started.': 'Examen commencé.',
  'The request was approved.': 'La demande a été approuvée.',
  'The request was refused.': 'La demande a été refusée.',
  'The package was produced; the requester can now download it.':
    'Le dossier a été produit ; le demandeur peut maintenant le télécharger.',
  'The hold was placed: nothing it covers will be purged until it is released.':
    'La conservation a été placée : rien de ce qu’elle couvre ne sera purgé avant sa levée.',
  'The hold was released.': 'La conservation a été levée.',
  'Full name': 'Nom complet',
  Telephone: 'Téléphone',
  'Installation address': 'Adresse d’installation',
  'Legal regime': 'Régime juridique',
  'No subscriber has this reference. Check it and try again.':
    'Aucun abonné n’a cette référence. Vérifiez-la et réessayez.',
  'The sender was suspended: its new notices are refused until it is reinstated.':
    'L’expéditeur a été suspendu : ses nouvelles notifications sont refusées jusqu’à son rétablissement.',
  'The sender was reinstated: its notices are acted on again.':
    'L’expéditeur a été rétabli : ses notifications sont de nouveau traitées.',
  'Enter a day as YYYY-MM-DD': 'Saisissez un jour au format AAAA-MM-JJ',
  'Choose an action from the list': 'Choisissez une action dans la liste',
  'Time (UTC)': 'Heure (UTC)',
  'About (kind)': 'Objet (type)',
  'About (reference)': 'Objet (référence)',
  'Chain verification at export': 'Vérification de la chaîne à l’export',
  'Choose an ACNS XML or e-mail (.eml) file, or paste the notice':
    'Choisissez un fichier XML ACNS ou un courriel (.eml), ou collez la notification',
  'This notice repeats one received earlier: here is the receipt of the first.':
    'Cette notification répète une notification reçue plus tôt : voici l’accusé de réception de la première.',
  'Your notice was refused. This page is its receipt; it says why, item by item.':
    'Votre notification a été refusée. Cette page en est l’accusé de réception ; elle dit pourquoi, élément par élément.',
  'Your notice was rejected. This page is its receipt.':
    'Votre notification a été rejetée. Cette page en est l’accusé de réception.',
  'Your notice was received. This page is its receipt; it shows each item’s outcome as it progresses.':
    'Votre notification a été reçue. Cette page en est l’accusé de réception ; elle montre le résultat de chaque élément à mesure qu’il avance.',
  'Enter a name for this search': 'Saisissez un nom pour cette recherche',
  'Enter a name of at most 80 characters': 'Saisissez un nom de 80 caractères au plus',
  'Title or file name': 'Titre ou nom de fichier',
  'Any part, at least 3 characters': 'N’importe quelle partie, au moins 3 caractères',
  'IP address or prefix': 'Adresse IP ou préfixe',
  'Like 198.51.100.7 or 198.51.100.0/24': 'Comme 198.51.100.7 ou 198.51.100.0/24',
  'Seen from (UTC)': 'Vu à partir du (UTC)',
  'Seen before (UTC)': 'Vu avant le (UTC)',
  'Received from (UTC day)': 'Reçue à partir du (jour UTC)',
  'Received to (UTC day, inclusive)': 'Reçue jusqu’au (jour UTC, inclus)',
  'Notice reference': 'Référence de la notification',
  'Sender’s case id': 'Identifiant de dossier de l’expéditeur',
  'Like SUB-7K2M9Q': 'Comme SUB-7K2M9Q',
  'Item status': 'État de l’élément',
  'Like timestamp_zone or no_lease': 'Comme timestamp_zone ou no_lease',
  Assignment: 'Attribution',
  'The search was saved. It is listed under "Saved searches".':
    'La recherche a été enregistrée. Elle figure sous « Recherches enregistrées ».',
  'The saved search was deleted.': 'La recherche enregistrée a été supprimée.',
  'That saved search no longer exists.': 'Cette recherche enregistrée n’existe plus.',
  'Say why you need the identity (5 to 500 characters)':
    'Dites pourquoi vous avez besoin de l’identité (5 à 500 caractères)',
  'The notice is assigned to you. It is in your "Assigned to me" queue.':
    'La notification vous est attribuée. Elle est dans votre file « Attribuées à moi ».',
  'The notice is no longer assigned to anyone.': 'La notification n’est plus attribuée à personne.',
  'Matched no single subscriber (several candidates)':
    'Aucun abonné unique ne correspond (plusieurs candidats)',
  'No subscriber held the address at that time':
    'Aucun abonné ne détenait l’adresse à ce moment-là',
  'Shared (CGNAT) address without a source port': 'Adresse partagée (CGNAT) sans port source',
  'Outside our log retention': 'Hors de la durée de conservation de nos journaux',
  'Not our address': 'Pas notre adresse',
  'Accepted, being matched against our logs':
    'Acceptée, en cours de rapprochement avec nos journaux',
  'Queued behind your hourly quota (not dropped)':
    'En file derrière votre quota horaire (pas abandonnée)',
  'Matched, the warning is being sent': 'Rapprochée, l’avertissement est en cours d’envoi',
  'Duplicate of an earlier item': 'Doublon d’un élément antérieur',
  'Ambiguous (several candidate accounts)': 'Ambigu (plusieurs comptes candidats)',
  'No lease at that time': 'Aucun bail à ce moment-là',
  'Needs a source port (CGNAT)': 'Port source nécessaire (CGNAT)',
  'Out of lease-log retention': 'Hors de la conservation des journaux de baux',
  'Attributed, warning not sent yet': 'Attribué, avertissement pas encore envoyé',
  'Accepted, waiting for attribution': 'Accepté, en attente d’attribution',
  'Queued behind the sender’s quota': 'En file derrière le quota de l’expéditeur',
  'Refused by a rule': 'Refusé par une règle',
  'Enter a real date, like 2026-10-04': 'Saisissez une date réelle, comme 2026-10-04',
  'The end date must be on or after the start date':
    'La date de fin doit être le même jour que la date de début ou après',
  'Row 1, IP address: list at least one item (address, port and time)':
    'Ligne 1, adresse IP : indiquez au moins un élément (adresse, port et heure)',
  Queued: 'En file',
  'Waiting for the desk': 'En attente du service',
  Duplicate: 'Doublon',
  Matched: 'Rapprochée',
  'Quarantined (unknown sender)': 'En quarantaine (expéditeur inconnu)',
  'Accepted; being matched against our logs.':
    'Acceptée ; en cours de rapprochement avec nos journaux.',
  'Read from plain text; the abuse desk confirms it before anything is sent.':
    'Lue dans du texte brut ; le service abus la confirme avant tout envoi.',
  'Matched to one account; the warning is being sent.':
    'Rapprochée d’un compte ; l’avertissement est en cours d’envoi.',
  'One bar per day. The table "Notices per day" gives the same figures.':
    'Une barre par jour. Le tableau « Notifications par jour » donne les mêmes chiffres.',
  'Items of notices received this month, by outcome':
    'Éléments des notifications reçues ce mois-ci, par résultat',
  'The outcomes table gives the same figures.':
    'Le tableau des résultats donne les mêmes chiffres.',
  'The queue table gives the same figures.': 'Le tableau des files donne les mêmes chiffres.',
  'The delivery table gives the same figures.': 'Le tableau des remises donne les mêmes chiffres.',
  'One bar per day. The table "Imports per day" gives the same figures.':
    'Une barre par jour. Le tableau « Imports par jour » donne les mêmes chiffres.',
  'ACNS XML notice': 'Notification XML ACNS',
  'This form could not be verified (it may have expired). Go back, reload the page and try again.':
    'Ce formulaire n’a pas pu être vérifié (il a peut-être expiré). Revenez en arrière, rechargez la page et réessayez.',
  'The portal needs a signed-in session': 'Le portail demande une session connectée',
  Seen: 'Vu',
  'Waiting to be sent': 'En attente d’envoi',
  'Queued for sending': 'En file d’envoi',
  'Being sent': 'En cours d’envoi',
  'Failed, will retry': 'Échec, nouvelle tentative prévue',
  'Dead letter': 'En échec définitif',
  Cancelled: 'Annulé',
  Upheld: 'Accueillie',
  Strike: 'Avertissement comptabilisé',
  Escalation: 'Escalade',
  'Case timeline': 'Chronologie du dossier',
  'Message as sent': 'Message tel qu’envoyé',
  'US subpoena': 'Assignation américaine',
  'US court order': 'Ordonnance d’un tribunal américain',
  'US DMCA §512(h) subpoena': 'Assignation DMCA §512(h) américaine',
  'Canadian Norwich order': 'Ordonnance Norwich canadienne',
  'Arcom identification request (France)': 'Demande d’identification de l’Arcom (France)',
  Checks: 'Contrôles',
  'through the API': 'par l’API',
  'by e-mail': 'par courriel',
  'through the portal': 'par le portail',
  'on paper': 'sur papier',
  'X-ARF version 4 report': 'rapport X-ARF version 4',
  'X-ARF 0.2 report': 'rapport X-ARF 0.2',
  'notice form or JSON notice': 'formulaire de notification ou notification JSON',
  'notice in plain text': 'notification en texte brut',
  'Notices received per day, last 14 days (UTC)':
    'Notifications reçues par jour, sur les 14 derniers jours (UTC)',
  'Lease imports per day, last 14 days (UTC)':
    'Imports de baux par jour, sur les 14 derniers jours (UTC)',
  'the sender must be accredited': 'l’expéditeur doit être accrédité',
  'the sender must be registered as acting for the owner':
    'l’expéditeur doit être enregistré comme agissant pour le titulaire',
  'claimant, work, address, port, type and time must all be given':
    'demandeur, œuvre, adresse, port, type et heure doivent tous être indiqués',
  'the time must be to the second with an explicit zone':
    'l’heure doit être à la seconde avec un fuseau explicite',
  'only peer-to-peer sharing exposes a downloader’s address':
    'seul le partage pair à pair expose l’adresse d’un téléchargeur',
  'not a peer-to-peer notice: write to the hosting provider of the content':
    'pas une notification de pair à pair : écrivez à l’hébergeur du contenu',
  'one report in the message could not be read': 'un rapport du message n’a pas pu être lu',
  'read from plain text; the abuse desk confirms it first':
    'lu dans du texte brut ; le service abus le confirme d’abord',
  'the mail’s sender could not be authenticated (DKIM, SPF, DMARC)':
    'l’expéditeur du courriel n’a pas pu être authentifié (DKIM, SPF, DMARC)',
  'the address must be in this ISP’s address space':
    'l’adresse doit appartenir à l’espace d’adressage de ce FAI',
  'the time must be inside the log retention period':
    'l’heure doit se situer dans la durée de conservation des journaux',
  'a shared (CGNAT) address needs its source port':
    'une adresse partagée (CGNAT) exige son port source',
  'notices demanding settlement or personal information':
    'notifications exigeant une transaction ou des données personnelles',
  'the notice listed no items': 'la notification ne listait aucun élément',
  'no item of the notice passed the checks':
    'aucun élément de la notification n’a passé les contrôles',
  'the abuse desk rejected it': 'le service abus l’a rejetée',
  'no reason recorded': 'aucun motif enregistré',
  // The case timeline's steps and what happens next (timeline-view.ts), with their parts.
  'Notice received {channel}': 'Notification reçue {channel}',
  'Notice received': 'Notification reçue',
  'through the portal form': 'par le formulaire du portail',
  'Notice refused: {rule}': 'Notification refusée : {rule}',
  'it failed a validation check': 'elle a échoué à un contrôle de validation',
  'Row {n} accepted by the checks': 'Ligne {n} acceptée par les contrôles',
  'Row {n} refused: {rule}': 'Ligne {n} refusée : {rule}',
  'it failed a check': 'elle a échoué à un contrôle',
  'Row {n} repeats an earlier item': 'La ligne {n} répète un élément antérieur',
  'Row {n} waits behind the sender’s hourly quota; it proceeds at {time}':
    'Ligne {n} en attente derrière le quota horaire de l’expéditeur ; traitement le {time}',
  'Row {n} {outcome} ({detail}); evidence on the notice page':
    'Ligne {n} : {outcome} ({detail}) ; preuves sur la page de la notification',
  'Row {n} {outcome}; evidence on the notice page':
    'Ligne {n} : {outcome} ; preuves sur la page de la notification',
  'matched one subscriber': 'rapprochée d’un seul abonné',
  'could not be matched to one subscriber (ambiguous)':
    'n’a pas pu être rapprochée d’un seul abonné (ambiguë)',
  'matched no lease record': 'ne correspond à aucun bail',
  'needs a port to be matched (shared address)':
    'exige un port pour être rapprochée (adresse partagée)',
  'is older than the lease records we keep': 'est plus ancienne que les journaux de baux conservés',
  'is not one of our addresses': 'ne fait pas partie de nos adresses',
  'was looked up': 'a été recherchée',
  'Row {n} forwarded to the subscriber': 'Ligne {n} transmise à l’abonné',
  'Warning {warning} composed (stage {stage})': 'Avertissement {warning} rédigé (étape {stage})',
  'Warning {warning} composed': 'Avertissement {warning} rédigé',
  'Warning {warning} handed to the mail queue': 'Avertissement {warning} remis à la file d’envoi',
  'Warning {warning} accepted by the mail server (SMTP id {smtpId})':
    'Avertissement {warning} accepté par le serveur de courriel (identifiant SMTP {smtpId})',
  'Warning {warning} accepted by the mail server':
    'Avertissement {warning} accepté par le serveur de courriel',
  'Warning {warning} failed after {attempts} attempt(s); it will be tried again':
    'Avertissement {warning} en échec après {attempts} tentative(s) ; il sera retenté',
  'Warning {warning} gave up after {attempts} attempt(s) (dead letter)':
    'Avertissement {warning} abandonné après {attempts} tentative(s) (échec définitif)',
  'Strike counted for row {n} (stage {stage})':
    'Avertissement comptabilisé pour la ligne {n} (étape {stage})',
  'Strike for row {n} withdrawn': 'Avertissement comptabilisé retiré pour la ligne {n}',
  'The subscriber challenged the warning: {grounds}':
    'L’abonné a contesté l’avertissement : {grounds}',
  'not their connection': 'ce n’est pas sa connexion',
  'someone else used the connection': 'quelqu’un d’autre a utilisé la connexion',
  'they hold a licence': 'il détient une licence',
  'fair dealing or fair use': 'utilisation équitable',
  'other grounds': 'autres motifs',
  'Challenge upheld: strikes withdrawn': 'Contestation accueillie : avertissements retirés',
  'Challenge rejected': 'Contestation rejetée',
  'Termination proposed after {strikes} strike(s)':
    'Résiliation proposée après {strikes} avertissement(s)',
  'Suspension proposed after {strikes} strike(s)':
    'Suspension proposée après {strikes} avertissement(s)',
  'Termination approved': 'Résiliation approuvée',
  'Termination declined': 'Résiliation déclinée',
  'Suspension approved': 'Suspension approuvée',
  'Suspension declined': 'Suspension déclinée',
  'Disclosure requested: {kind} {ref} (legal staff handle it)':
    'Communication demandée : {kind} {ref} (traitée par le service juridique)',
  'request with the subscriber’s consent': 'demande avec le consentement de l’abonné',
  'other order': 'autre ordonnance',
  order: 'ordonnance',
  'Disclosure request {ref}: {what}': 'Demande de communication {ref} : {what}',
  'Recorded: {what}': 'Enregistré : {what}',
  'hourly digest': 'résumé horaire',
  'Row {n}: warning scheduled for {time} ({window})':
    'Ligne {n} : avertissement prévu le {time} ({window})',
  'Row {n}: warning due since {time} ({window}); it goes with the next digest run':
    'Ligne {n} : avertissement dû depuis le {time} ({window}) ; il part avec le prochain résumé',
  'Row {n}: waits behind the sender’s hourly quota until {time}':
    'Ligne {n} : en attente derrière le quota horaire de l’expéditeur jusqu’au {time}',
  'Row {n}: waits behind the sender’s hourly quota':
    'Ligne {n} : en attente derrière le quota horaire de l’expéditeur',
  'Row {n}: waiting to be matched to a subscriber (usually within a minute)':
    'Ligne {n} : en attente de rapprochement avec un abonné (en général en moins d’une minute)',
} as const satisfies Record<string, string>;

export type PortalPhrase = keyof typeof FRENCH;

// Sentences view-model code builds with values inside (`Refused: ${rule}`), read back into
// their parts: each `{name}` part is itself translated (a phrase, a time in UTC, a count).
// Checked by portal-catalogue.spec.ts against the builders' own output.
export const FRENCH_PATTERNS: Readonly<Record<string, string>> = {
  'Refused: {rule}': 'Refusé : {rule}',
  'Refused by the rule “{rule}”.': 'Refusé par la règle « {rule} ».',
  'Refused by the rule “{rule}”: {reason}': 'Refusé par la règle « {rule} » : {reason}',
  'Forwarded to the subscriber at {time}.': 'Transmis à l’abonné le {time}.',
  'Not forwarded: {why}.': 'Non transmis : {why}.',
  // Page titles controllers build around a reference or a name.
  'Notice {ref}': 'Notification {ref}',
  'Quarantined notice {ref}': 'Notification en quarantaine {ref}',
  'Challenge {ref}': 'Contestation {ref}',
  'Escalation proposal {ref}': 'Proposition d’escalade {ref}',
  'Disclosure request {ref}': 'Demande de communication {ref}',
  'Review {ref}': 'Examen {ref}',
  'Hold on {ref}': 'Conservation sur {ref}',
  'Subscriber {ref}': 'Abonné {ref}',
  'Case timeline of notice {ref}': 'Chronologie du dossier de la notification {ref}',
  'Message {ref} as sent': 'Message {ref} tel qu’envoyé',
  'User {name}': 'Utilisateur {name}',
  'Sender {name}': 'Expéditeur {name}',
  '{role} dashboard': 'Tableau de bord : {role}',
  'Queued behind your organisation’s hourly quota, not dropped; expected to proceed by {time}.':
    'En file derrière le quota horaire de votre organisation, pas abandonné ; traitement prévu d’ici le {time}.',
  // The timeline's links to a row and the digest a warning waits for.
  '{hours}-hour digest': 'résumé de {hours} heures',
  '{minutes}-minute digest': 'résumé de {minutes} minutes',
  'Row {n}': 'Ligne {n}',
  'Evidence for row {n}': 'Preuves de la ligne {n}',
};

// Stored codes some pages show as they are (a status, a proposed action, a role): in French
// they are put in words; in English the code itself is shown, as before.
export const FRENCH_CODES: Readonly<Record<string, string>> = {
  pending: 'en attente',
  open: 'ouverte',
  upheld: 'accueillie',
  rejected: 'rejetée',
  approved: 'approuvée',
  declined: 'déclinée',
  decided: 'décidée',
  withdrawn: 'retirée',
  submitted: 'soumise',
  confirmed: 'confirmée',
  expired: 'expirée',
  active: 'active',
  held: 'en attente',
  queued: 'en file',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  failed: 'en échec',
  dead: 'en échec définitif',
  cancelled: 'annulé',
  running: 'en cours',
  completed: 'terminé',
  done: 'fait',
  forwarded: 'transmis',
  accepted: 'acceptée',
  refused: 'refusée',
  duplicate: 'doublon',
  suspension: 'suspension',
  termination: 'résiliation',
  warning: 'avertissement',
  legal: 'juridique',
  admin: 'administrateur',
  abuse_desk: 'service abus',
  complainant: 'représentant',
  rights_holder: 'ayant droit',
  vendor: 'prestataire',
  law_firm: 'cabinet d’avocats',
};

export function codeInWords(lang: Language, code: string): string {
  return lang === 'fr' ? (FRENCH_CODES[code] ?? code) : code;
}

// Item counts in words ("3 not forwarded, 1 queued", notice-words.ts itemCountsInWords).
const FRENCH_COUNTED: Readonly<Record<string, string>> = {
  forwarded: 'transmis',
  'not forwarded': 'non transmis',
  matched: 'rapprochés',
  accepted: 'acceptés',
  queued: 'en file',
  'waiting for the desk': 'en attente du service',
  refused: 'refusés',
  duplicate: 'doublons',
};

const REF = '([A-Z]{2,4}-[A-Z0-9-]+|[0-9a-f]{8}(?:-[0-9a-f-]+)?)';

const PATTERNS = Object.entries(FRENCH_PATTERNS).map(([en, fr]) => {
  const names = [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const source = en
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    // A `{ref}` is a reference (NR-…, SUB-…, an id), so data is not read as a page title.
    .map((part, i) => (i === 0 ? part : `${names[i - 1] === 'ref' ? REF : '(.+?)'}${part}`))
    .join('');
  return { names, re: new RegExp(`^${source}$`), fr };
});

const UTC_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/;

// A part of a built sentence in French: a phrase, a UTC time, a count list, or as it is.
function frenchPart(text: string, depth: number): string {
  if (isPortalPhrase(text)) return FRENCH[text];
  const time = UTC_TIME.exec(text);
  if (time) return formatUtcIn('fr', `${time[1]}T${time[2]}Z`);
  if (depth > 2) return text;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) {
      const params = Object.fromEntries(
        p.names.map((n, i) => [n, frenchPart(m[i + 1], depth + 1)]),
      );
      return fill(p.fr, params);
    }
  }
  const counts = text.split(', ').map((c) => /^(\d+) (.+)$/.exec(c));
  if (counts.every((c) => c !== null && c[2] in FRENCH_COUNTED)) {
    return counts.map((c) => `${c![1]} ${FRENCH_COUNTED[c![2]]}`).join(', ');
  }
  if (text === 'no items') return 'aucun élément';
  // A phrase capitalised to start a line (a rule's words heading a table row): the catalogue's
  // lower-case phrase, capitalised the same way.
  const lower = text.charAt(0).toLowerCase() + text.slice(1);
  if (lower !== text && isPortalPhrase(lower)) {
    const french = FRENCH[lower];
    return french.charAt(0).toUpperCase() + french.slice(1);
  }
  return text;
}

const ENGLISH = Object.fromEntries(Object.keys(FRENCH).map((k) => [k, k])) as Record<
  PortalPhrase,
  string
>;

export const PORTAL_CATALOGUE: CatalogueSet<PortalPhrase> = {
  name: 'portal pages',
  en: ENGLISH,
  fr: FRENCH,
};

export function isPortalPhrase(text: string): text is PortalPhrase {
  return Object.prototype.hasOwnProperty.call(FRENCH, text);
}

// A phrase in the page's language; text that is not a phrase (data, a reference) as it is.
export function portalPhrase(
  lang: Language,
  text: string,
  params?: Readonly<Record<string, string | number>>,
): string {
  if (lang !== 'fr') return fill(text, params);
  return fill(frenchPart(text, 0), params);
}

// A built sentence (a phrase with `{name}` parts) in a language, each part in it too.
export function phraseWithParts(
  lang: Language,
  phrase: string,
  params: Readonly<Record<string, unknown>>,
): string {
  const parts = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' ? portalPhrase(lang, v) : typeof v === 'number' ? v : '',
    ]),
  );
  return portalPhrase(lang, phrase, parts);
}
