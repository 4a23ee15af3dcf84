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
  // The history's steps (subscriber-history-view.ts), with their parts.
  '{notice}, row {n} ({title}): {status}': '{notice}, ligne {n} ({title}) : {status}',
  '{notice}, row {n}: {status}': '{notice}, ligne {n} : {status}',
  'forwarded as a warning': 'transmis sous forme d’avertissement',
  'matched, waiting for the warning': 'rapproché, en attente de l’avertissement',
  'accepted, waiting to be matched': 'accepté, en attente de rapprochement',
  'not forwarded': 'non transmis',
  refused: 'refusé',
  'a repeat of an earlier item': 'la répétition d’un élément antérieur',
  held: 'retenu',
  'waiting behind the sender’s quota': 'en attente derrière le quota de l’expéditeur',
  'Strike counted at stage {stage} for notice {notice}, row {n}':
    'Avertissement comptabilisé à l’étape {stage} pour la notification {notice}, ligne {n}',
  'Strike for notice {notice}, row {n} withdrawn':
    'Avertissement comptabilisé pour la notification {notice}, ligne {n}, retiré',
  '{message} ({what}): {status}': '{message} ({what}) : {status}',
  'waiting in the outbox': 'en attente dans la boîte d’envoi',
  'handed to the mail queue': 'remis à la file d’envoi',
  'being sent': 'en cours d’envoi',
  'accepted by the mail server': 'accepté par le serveur de courriel',
  'failed; it will be tried again': 'en échec ; il sera retenté',
  'given up (dead letter)': 'abandonné (échec définitif)',
  cancelled: 'annulé',
  'The subscriber challenged a warning: {grounds}':
    'L’abonné a contesté un avertissement : {grounds}',
  'Challenge upheld: the warning’s strikes were withdrawn':
    'Contestation accueillie : les avertissements comptabilisés ont été retirés',
  'Challenge rejected: the strikes keep counting':
    'Contestation rejetée : les avertissements comptabilisés restent comptés',
  'Escalation proposed: {action} at stage {stage}':
    'Escalade proposée : {action} à l’étape {stage}',
  suspension: 'suspension',
  termination: 'résiliation',
  'Escalation ({action}) approved': 'Escalade ({action}) approuvée',
  'Escalation ({action}) declined': 'Escalade ({action}) déclinée',
  'Escalation ({action}) {status}': 'Escalade ({action}) {status}',
} as const satisfies Record<string, string>;
