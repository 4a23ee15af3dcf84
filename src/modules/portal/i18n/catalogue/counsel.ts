// French for counsel: the notice form, receipts, notice list and disclosure requests;
// keyed by the English phrase.
export const COUNSEL_FRENCH = {
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
  'Respond by': 'Répondre avant le',
  'Notices covered': 'Notifications couvertes',
  'received, SHA-256': 'reçu, SHA-256',
  'Package produced': 'Dossier produit',
  "Each download is recorded in the ISP's audit log.":
    'Chaque téléchargement est enregistré dans le journal d’audit du FAI.',
  'Download the package (printable HTML)': 'Télécharger le dossier (HTML imprimable)',
  'Download as JSON': 'Télécharger en JSON',
  'Status history': 'Historique des états',
  'The request has been received; its review has not started yet.':
    'La demande a été reçue ; son examen n’a pas encore commencé.',
  "Court orders and other requests for the identity of subscribers named by your organisation's notices. Legal staff review each one; once produced, the package can be downloaded here.":
    'Ordonnances et autres demandes d’identité d’abonnés visés par les notifications de votre organisation. Le service juridique examine chacune ; une fois produit, le dossier peut être téléchargé ici.',
  "Your organisation's requests": 'Demandes de votre organisation',
  'Disclosure requests with status and deadline': 'Demandes de communication avec état et échéance',
  'Your organisation has not sent any disclosure requests yet. Requests you submit, with their status and deadline, will be listed here.':
    'Votre organisation n’a encore envoyé aucune demande de communication. Les demandes que vous soumettez, avec leur état et leur échéance, seront listées ici.',
  'Report peer-to-peer sharing seen on this ISP’s addresses. We match each item against our logs and forward a warning to the subscriber; you are told whether each item was forwarded, never who received it.':
    'Signalez le partage pair à pair constaté sur les adresses de ce FAI. Nous rapprochons chaque élément de nos journaux et transmettons un avertissement à l’abonné ; vous savez si chaque élément a été transmis, jamais qui l’a reçu.',
  'Submit notice': 'Soumettre la notification',
  'Filled in from': 'Prérempli d’après',
  '’s registration; change it if this notice is for another claimant you act for.':
    ' (enregistrement) ; modifiez-le si cette notification concerne un autre demandeur que vous représentez.',
  'Claimant name': 'Nom du demandeur',
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
  'The subscriber’s identity is never disclosed here. To learn it you need a court order or the subscriber’s consent.':
    'L’identité de l’abonné n’est jamais communiquée ici. Pour la connaître, il faut une décision de justice ou le consentement de l’abonné.',
  'Your organisation’s notices, newest first, with what became of each.':
    'Les notifications de votre organisation, les plus récentes d’abord, avec ce qu’il est advenu de chacune.',
  'Case id or reference': 'Identifiant de dossier ou référence',
  'Your notices': 'Vos notifications',
  'Your organisation has not sent any notice yet.':
    'Votre organisation n’a encore envoyé aucune notification.',
  'Submit the first one': 'Soumettre la première',
  ', or send them through the API.': ', ou envoyez-les par l’API.',
  'Send notices': 'Envoyer des notifications',
  'Read its notices and their outcomes': 'Lire ses notifications et leurs résultats',
  'File and follow disclosure requests': 'Déposer et suivre des demandes de communication',
  'The key was revoked. It no longer works.': 'La clé a été révoquée. Elle ne fonctionne plus.',
  'Tick at least one thing the key may do': 'Cochez au moins une chose que la clé peut faire',
  'Tick scopes from the list': 'Cochez des droits dans la liste',
  'Choose the organisation the key belongs to':
    'Choisissez l’organisation à laquelle appartient la clé',
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
  'Row 1, IP address: list at least one item (address, port and time)':
    'Ligne 1, adresse IP : indiquez au moins un élément (adresse, port et heure)',
} as const satisfies Record<string, string>;
