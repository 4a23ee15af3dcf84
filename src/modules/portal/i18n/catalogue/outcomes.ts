// French for the dashboards and notice outcomes in words (rules, counts, charts);
// keyed by the English phrase.
export const OUTCOMES_FRENCH = {
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
  'Forwarded to the subscriber': 'Transmis à l’abonné',
  'Not forwarded': 'Non transmis',
  'Still in progress': 'Encore en cours',
  'All items': 'Tous les éléments',
  'No item of your organisation’s notices arrived this month. Outcomes appear here as soon as one does.':
    'Aucun élément des notifications de votre organisation n’est arrivé ce mois-ci. Les résultats s’afficheront ici dès qu’il y en aura un.',
  'We tell you whether each item was forwarded and, if not, why; we never tell you who the subscriber is.':
    'Nous vous disons si chaque élément a été transmis et, sinon, pourquoi ; nous ne vous disons jamais qui est l’abonné.',
  'Recent notices': 'Notifications récentes',
  'notice(s)': 'notification(s)',
  'Your organisation has not sent a notice yet. Notices sent through the API, by e-mail or here appear in this list.':
    'Votre organisation n’a encore envoyé aucune notification. Celles envoyées par l’API, par courriel ou ici apparaissent dans cette liste.',
  'Send a notice through the portal form, or upload an ACNS file.':
    'Envoyez une notification par le formulaire du portail, ou téléversez un fichier ACNS.',
  'Open the notice form': 'Ouvrir le formulaire de notification',
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
  'Redis did not answer for some queues: their figures are not shown.':
    'Redis n’a pas répondu pour certaines files : leurs chiffres ne sont pas affichés.',
  'Jobs per queue and state': 'Tâches par file et par état',
  Queue: 'File',
  Waiting: 'En attente',
  Delayed: 'Différées',
  Failed: 'Échouées',
  'Queues as a chart': 'Files d’attente en graphique',
  'Warning delivery': 'Remise des avertissements',
  Retrying: 'Nouvelle tentative',
  'Warning messages by delivery status': 'Messages d’avertissement par état de remise',
  'Delivery as a chart': 'Remise en graphique',
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
  'Hash chain verified:': 'Chaîne d’empreintes vérifiée :',
  'entries, none altered or missing.': 'entrées, aucune modifiée ni manquante.',
  'Hash chain broken at entry': 'Chaîne d’empreintes rompue à l’entrée',
  on: 'sur',
  'The audit log is empty: nobody has read subscriber identity yet.':
    'Le journal d’audit est vide : personne n’a encore consulté l’identité d’un abonné.',
  'Open the audit log': 'Ouvrir le journal d’audit',
  'Due within 2 days': 'Échéance sous 2 jours',
  'Open disclosure requests, earliest deadline first':
    'Demandes de communication ouvertes, échéance la plus proche d’abord',
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
  'No sender has sent a notice item yet, so there are no rates to compare.':
    'Aucun expéditeur n’a encore envoyé d’élément de notification : il n’y a pas de taux à comparer.',
  'The messaging policy of its regime does not forward notices':
    'La politique de messagerie de son régime ne transmet pas les notifications',
  'The notice was marked invalid': 'La notification a été déclarée invalide',
  'The warning could not be delivered': 'L’avertissement n’a pas pu être remis',
  'The warning’s delivery could not be confirmed':
    'La remise de l’avertissement n’a pas pu être confirmée',
  'A rule without a description': 'Une règle sans description',
  'Another reason': 'Une autre raison',
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
} as const satisfies Record<string, string>;
