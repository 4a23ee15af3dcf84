import { BULK_PATTERNS } from './bulk-patterns';

// Sentences view-model code builds with values inside (`Refused: ${rule}`), read back into
// their parts: each `{name}` part is itself translated (a phrase, a time in UTC, a count).
// Checked by ../portal-catalogue.spec.ts against the builders' own output.
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
  // A message's template and stage on the subscriber's history.
  'warning stage {stage}': 'avertissement, étape {stage}',
  // Words the disclosure module writes (package-builder.ts, disclosure-words.ts), shown on
  // the request pages.
  'The public address is shared (CGNAT): this match depends on the source port and the NAT port-block log.':
    'L’adresse publique est partagée (CGNAT) : ce rapprochement dépend du port source et du journal des blocs de ports NAT.',
  'The log covers the reported time only within the clock tolerance of its source.':
    'Le journal ne couvre l’heure signalée que dans la tolérance d’horloge de sa source.',
  'No single subscriber could be identified for this item; no identity is disclosed for it.':
    'Aucun abonné unique n’a pu être identifié pour cet élément ; aucune identité n’est communiquée à son sujet.',
  High: 'Élevée',
  'Medium (within the clock tolerance only)': 'Moyenne (seulement dans la tolérance d’horloge)',
  None: 'Aucune',
  // The blocking module's flags on a proposed target (target-signals.ts, protected-index.ts).
  'not looked up: no BLOCKING_RESOLVER configured':
    'non vérifiée : aucun BLOCKING_RESOLVER configuré',
  'protected: {conflict}': 'protégée : {conflict}',
  '{target} overlaps protected {entry}': '{target} chevauche l’entrée protégée {entry}',
  '{target} is under protected {entry}': '{target} relève de l’entrée protégée {entry}',
  '{target} is announced by protected {entry}':
    '{target} est annoncée par l’entrée protégée {entry}',
  '{address} carries {n} unrelated names ({names}): likely shared':
    '{address} porte {n} noms sans rapport ({names}) : probablement partagée',
  'Blocking order {ref}': 'Ordonnance de blocage {ref}',
  ...BULK_PATTERNS,
};
