// French for administration: users, organisations, API keys, lease imports, passwords;
// keyed by the English phrase.
export const ADMIN_FRENCH = {
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
  'A label to tell keys apart, e.g. “notice robot”.':
    'Un libellé pour distinguer les clés, par exemple « robot de notifications ».',
  'What the key may do': 'Ce que la clé peut faire',
  'Create key': 'Créer la clé',
  'Active keys': 'Clés actives',
  'Active API keys': 'Clés d’API actives',
  'Key starts with': 'Début de la clé',
  'Organisation id': 'Identifiant de l’organisation',
  'Last used': 'Dernière utilisation',
  never: 'jamais',
  Revoke: 'Révoquer',
  key: 'clé',
  'No active keys.': 'Aucune clé active.',
  'Create one above to send notices through the API.':
    'Créez-en une ci-dessus pour envoyer des notifications par l’API.',
  'Revoked keys': 'Clés révoquées',
  Revoked: 'Révoquée',
  'Each upload of a DHCP, RADIUS or CGNAT log with what it added to the lease history. Upload logs with':
    'Chaque téléversement d’un journal DHCP, RADIUS ou CGNAT avec ce qu’il a ajouté à l’historique des baux. Téléversez les journaux avec',
  'Lease imports, newest first': 'Imports de baux, les plus récents d’abord',
  File: 'Fichier',
  Read: 'Lus',
  Imported: 'Importés',
  Duplicates: 'Doublons',
  Started: 'Commencé',
  'rejected record(s) listed': 'enregistrement(s) rejeté(s) listé(s)',
  line: 'ligne',
  'No lease logs have been imported yet.': 'Aucun journal de baux n’a encore été importé.',
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
  'Set your password': 'Définir votre mot de passe',
  'Choose a password of at least 12 characters. This link works once.':
    'Choisissez un mot de passe d’au moins 12 caractères. Ce lien ne fonctionne qu’une fois.',
  'New password': 'Nouveau mot de passe',
  'The same password again': 'Le même mot de passe encore une fois',
  'Set password': 'Définir le mot de passe',
  'This link is not valid any more: it was used, it expired, or a newer one replaced it.':
    'Ce lien n’est plus valable : il a été utilisé, il a expiré ou un lien plus récent l’a remplacé.',
  'Ask for a new link': 'Demander un nouveau lien',
  'If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.':
    'Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant une heure.',
  'No mail after a few minutes? Check your spam folder, or':
    'Pas de message après quelques minutes ? Regardez dans vos indésirables, ou',
  'ask again': 'redemandez',
  'Back to sign in': 'Retour à la connexion',
  'Enter the e-mail address you sign in with. We will send it a link to choose a new password.':
    'Saisissez l’adresse électronique avec laquelle vous vous connectez. Nous y enverrons un lien pour choisir un nouveau mot de passe.',
  'Send me a link': 'M’envoyer un lien',
  'One-time link to set the password': 'Lien à usage unique pour définir le mot de passe',
  'Copy it now: it is shown only this once.':
    'Copiez-le maintenant : il n’est affiché qu’une seule fois.',
  'It works once, until': 'Il fonctionne une fois, jusqu’au',
  '; a new link replaces it.': ' ; un nouveau lien le remplace.',
  'Link for': 'Lien pour',
  Account: 'Compte',
  deactivated: 'désactivé',
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
  'Anti-piracy vendor': 'Prestataire anti-piratage',
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
} as const satisfies Record<string, string>;
