// French for a subscriber's history and the message as sent; keyed by the English phrase.
export const SUBSCRIBER_FRENCH = {
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
  Composed: 'Rédigé',
  'not yet': 'pas encore',
  'No copy of this message was kept: it was sent before the service kept copies. Its hashes and Message-ID are recorded.':
    'Aucune copie de ce message n’a été gardée : il a été envoyé avant que le service ne garde des copies. Ses empreintes et son Message-ID sont enregistrés.',
  'This message has not been sent yet: the copy is kept when the mail server accepts it.':
    'Ce message n’a pas encore été envoyé : la copie est gardée quand le serveur de messagerie l’accepte.',
  'Open with the subscriber’s identity': 'Ouvrir avec l’identité de l’abonné',
  'Why do you need it?': 'Pourquoi en avez-vous besoin ?',
  'Recorded in the audit log with your name.': 'Enregistré à votre nom dans le journal d’audit.',
  'Open with identity': 'Ouvrir avec l’identité',
  'Every item of this subscriber in the search':
    'Tous les éléments de cet abonné dans la recherche',
  'The history of one subscriber account under its pseudonymous reference: notices, strikes, messages, challenges and escalations, oldest first, in UTC. Who the subscriber is stays with legal staff, behind the audited identity path.':
    'L’historique d’un compte d’abonné sous sa référence pseudonyme : notifications, avertissements comptabilisés, messages, contestations et escalades, les plus anciens d’abord, en UTC. Qui est l’abonné reste connu du seul service juridique, derrière le chemin d’identité audité.',
  'Known since': 'Connu depuis',
  item: 'élément',
  'open)': 'ouvertes)',
  History: 'Historique',
  'Nothing has happened to this subscriber account yet.':
    'Rien n’est encore arrivé à ce compte d’abonné.',
  'Say why you need the identity (5 to 500 characters)':
    'Dites pourquoi vous avez besoin de l’identité (5 à 500 caractères)',
  Strike: 'Avertissement comptabilisé',
  'Case timeline': 'Chronologie du dossier',
} as const satisfies Record<string, string>;
