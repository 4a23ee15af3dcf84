import { CatalogueSet } from '../../../common/i18n/translator';

// Every string of the subscriber's challenge page, in English and in French. French is not a
// translation of the moment: it is written for a French-speaking subscriber (France, Quebec).
const en = {
  skipLink: 'Skip to main content',
  tagline: 'Copyright notices',
  languageNav: 'Language',
  formTitle: 'Challenge a copyright notice',
  formIntro:
    'We forwarded you a copyright notice about your Internet connection. If you think it is wrong, tell us here: our abuse desk reviews every challenge.',
  notVerified:
    'We did not check what the sender claims, the notice is not proof that you did anything, and we have not told the sender who you are.',
  whatTitle: 'What the notice says',
  noticeHeading: 'Notice {reference}',
  itemHeading: 'Item {number}',
  work: 'Work',
  file: 'File',
  localTime: 'Time where you are ({zone})',
  utcTime: 'Time in UTC',
  address: 'Internet address',
  port: 'Source port',
  notGiven: 'not given',
  deadline: 'You can send a challenge until {date}.',
  onlyOnce:
    'You can send one challenge for this message, so include everything you want us to know.',
  noPasswords: 'Do not include passwords or bank details.',
  groundLegend: 'Why is this notice wrong?',
  ground_wrong_account: 'The notice names the wrong account',
  ground_unauthorised_use: 'Someone used my connection without my permission',
  ground_licence: 'I have a licence or permission to use the work',
  ground_fair_dealing: 'Fair dealing or fair use',
  ground_other: 'Another reason',
  statementLabel: 'Explain (10 to 5,000 characters)',
  submit: 'Send challenge',
  errorsTitle: 'Please correct the following',
  errorGround: 'Choose a reason.',
  errorStatement: 'Explain in 10 to 5,000 characters.',
  receivedTitle: 'Challenge received',
  receivedLead: 'Thank you. We have received your challenge.',
  statusTitle: 'Your challenge',
  alreadyLead:
    'A challenge has already been sent for this message. Each message can be challenged once; here is where it stands.',
  reference: 'Your reference',
  receivedOn: 'Received',
  statusLabel: 'Status',
  status_open: 'Being reviewed by our abuse desk',
  status_upheld: 'Upheld: the notice no longer counts against your account',
  status_rejected: 'Not upheld: the notice stays on your record',
  nextTitle: 'What happens next',
  nextOpen:
    'Our abuse desk will decide by {date} and send you the decision by e-mail. Quote your reference {reference} if you write to us.',
  nextUpheld:
    'The decision was made on {date} and sent to you by e-mail. You do not need to do anything else.',
  nextRejected:
    'The decision was made on {date} and sent to you by e-mail. If you have new information, write to our abuse desk and quote your reference {reference}.',
  linkTitle: 'This link does not work',
  linkInvalid:
    'This challenge link is not valid. Check that you copied the whole link from our e-mail.',
  linkExpired:
    'This challenge link has expired. Write to our abuse desk if you still want to contest the notice.',
  tooOften: 'This page was asked for too often. Please try again in {seconds} seconds.',
  footer:
    'We never ask for your password on this page. The sender of the notice does not learn who you are from it.',
  zone_UTC: 'UTC',
  'zone_Europe/Paris': 'Paris time',
  'zone_America/Toronto': 'Eastern time',
  'zone_America/New_York': 'Eastern time',
} as const;

export type ChallengePageKey = keyof typeof en;

const fr: Record<ChallengePageKey, string> = {
  skipLink: 'Aller au contenu principal',
  tagline: 'Avis relatifs au droit d’auteur',
  languageNav: 'Langue',
  formTitle: 'Contester un avis relatif au droit d’auteur',
  formIntro:
    'Nous vous avons transmis un avis relatif au droit d’auteur concernant votre connexion Internet. Si vous le pensez erroné, dites-le-nous ici : notre service des abus examine chaque contestation.',
  notVerified:
    'Nous n’avons pas vérifié les affirmations de l’expéditeur, l’avis ne prouve pas que vous ayez commis quoi que ce soit, et nous n’avons pas révélé votre identité à l’expéditeur.',
  whatTitle: 'Ce que dit l’avis',
  noticeHeading: 'Avis {reference}',
  itemHeading: 'Élément {number}',
  work: 'Œuvre',
  file: 'Fichier',
  localTime: 'Heure chez vous ({zone})',
  utcTime: 'Heure en temps universel (UTC)',
  address: 'Adresse Internet (IP)',
  port: 'Port source',
  notGiven: 'non indiqué',
  deadline: 'Vous pouvez envoyer une contestation jusqu’au {date}.',
  onlyOnce:
    'Vous ne pouvez envoyer qu’une seule contestation pour ce message : indiquez-y tout ce que vous souhaitez nous faire savoir.',
  noPasswords: 'N’indiquez ni mot de passe ni coordonnées bancaires.',
  groundLegend: 'Pourquoi cet avis est-il erroné ?',
  ground_wrong_account: 'L’avis vise le mauvais abonnement',
  ground_unauthorised_use: 'Quelqu’un a utilisé ma connexion sans mon autorisation',
  ground_licence: 'J’ai une licence ou une autorisation pour utiliser l’œuvre',
  ground_fair_dealing: 'Utilisation équitable ou exception au droit d’auteur',
  ground_other: 'Un autre motif',
  statementLabel: 'Expliquez (de 10 à 5 000 caractères)',
  submit: 'Envoyer la contestation',
  errorsTitle: 'Veuillez corriger ce qui suit',
  errorGround: 'Choisissez un motif.',
  errorStatement: 'Expliquez en 10 à 5 000 caractères.',
  receivedTitle: 'Contestation reçue',
  receivedLead: 'Merci. Nous avons bien reçu votre contestation.',
  statusTitle: 'Votre contestation',
  alreadyLead:
    'Une contestation a déjà été envoyée pour ce message. Chaque message ne peut être contesté qu’une fois ; voici où elle en est.',
  reference: 'Votre référence',
  receivedOn: 'Reçue le',
  statusLabel: 'État',
  status_open: 'En cours d’examen par notre service des abus',
  status_upheld: 'Acceptée : l’avis ne compte plus dans votre dossier',
  status_rejected: 'Rejetée : l’avis reste dans votre dossier',
  nextTitle: 'La suite',
  nextOpen:
    'Notre service des abus rendra sa décision au plus tard le {date} et vous l’enverra par courriel. Rappelez votre référence {reference} si vous nous écrivez.',
  nextUpheld:
    'La décision a été prise le {date} et vous a été envoyée par courriel. Vous n’avez rien d’autre à faire.',
  nextRejected:
    'La décision a été prise le {date} et vous a été envoyée par courriel. Si vous disposez d’éléments nouveaux, écrivez à notre service des abus en rappelant votre référence {reference}.',
  linkTitle: 'Ce lien ne fonctionne pas',
  linkInvalid:
    'Ce lien de contestation n’est pas valide. Vérifiez que vous avez copié le lien entier depuis notre courriel.',
  linkExpired:
    'Ce lien de contestation a expiré. Écrivez à notre service des abus si vous souhaitez toujours contester l’avis.',
  tooOften: 'Cette page a été demandée trop souvent. Veuillez réessayer dans {seconds} secondes.',
  footer:
    'Nous ne vous demandons jamais votre mot de passe sur cette page. L’expéditeur de l’avis n’apprend pas votre identité par son intermédiaire.',
  zone_UTC: 'UTC',
  'zone_Europe/Paris': 'heure de Paris',
  'zone_America/Toronto': 'heure de l’Est',
  'zone_America/New_York': 'heure de l’Est',
};

export const CHALLENGE_PAGE_CATALOGUE: CatalogueSet<ChallengePageKey> = {
  name: 'subscriber challenge page',
  en,
  fr,
};
