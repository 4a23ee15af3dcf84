// French for the case timeline's steps and what happens next (timeline-view.ts);
// keyed by the English phrase.
export const TIMELINE_FRENCH = {
  'Back to notice': 'Retour à la notification',
  'Case timeline of notice': 'Chronologie du dossier de la notification',
  'Status:': 'État :',
  '. Every step of the case, oldest first, in UTC.':
    '. Chaque étape du dossier, la plus ancienne d’abord, en UTC.',
  'What happens next': 'Et ensuite',
  Steps: 'Étapes',
  'The notice is assigned to you. It is in your "Assigned to me" queue.':
    'La notification vous est attribuée. Elle est dans votre file « Attribuées à moi ».',
  'The notice is no longer assigned to anyone.': 'La notification n’est plus attribuée à personne.',
  'US subpoena': 'Assignation américaine',
  'US court order': 'Ordonnance d’un tribunal américain',
  'US DMCA §512(h) subpoena': 'Assignation DMCA §512(h) américaine',
  'Canadian Norwich order': 'Ordonnance Norwich canadienne',
  'Arcom identification request (France)': 'Demande d’identification de l’Arcom (France)',
  Checks: 'Contrôles',
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
