import { CHALLENGE_GROUNDS, ChallengeFormProblem } from './challenge.service';

// Server-rendered challenge page: works without JavaScript, every control has a label, errors
// are linked to their fields. It shows notice references only, never identity.
const GROUND_LABELS: Record<(typeof CHALLENGE_GROUNDS)[number], string> = {
  wrong_account: 'The notice names the wrong account',
  unauthorised_use: 'Someone used my connection without my permission',
  licence: 'I have a licence or permission to use the work',
  fair_dealing: 'Fair dealing or fair use',
  other: 'Another reason',
};

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 1em auto; padding: 0 1em">
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export function challengeFormPage(opts: {
  action: string;
  noticeReferences: string[];
  expiresAt: Date;
  problems?: ChallengeFormProblem[];
  values?: { ground?: unknown; statement?: unknown };
}): string {
  const problems = opts.problems ?? [];
  const errorFor = (f: string) => problems.find((p) => p.field === f);
  const summary = problems.length
    ? `<div role="alert"><h2>Please correct the following</h2><ul>${problems
        .map((p) => `<li><a href="#${p.field}">${esc(p.message)}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const radios = CHALLENGE_GROUNDS.map(
    (g, i) =>
      `<div><input type="radio" name="ground" id="${i === 0 ? 'ground' : `ground-${g}`}" value="${g}"${
        opts.values?.ground === g ? ' checked' : ''
      } required><label for="${i === 0 ? 'ground' : `ground-${g}`}">${esc(GROUND_LABELS[g])}</label></div>`,
  ).join('\n');
  const groundError = errorFor('ground');
  const statementError = errorFor('statement');
  const statement = typeof opts.values?.statement === 'string' ? opts.values.statement : '';
  return page(
    'Challenge a copyright notice',
    `${summary}
<p>Notices: ${opts.noticeReferences.map(esc).join(', ') || 'none'}. You can send a challenge until ${esc(
      opts.expiresAt.toISOString().slice(0, 10),
    )}. Our abuse desk reviews every challenge. Do not include passwords.</p>
<form method="post" action="${esc(opts.action)}">
<fieldset${groundError ? ' aria-describedby="ground-error"' : ''}>
<legend>Why is this notice wrong?</legend>
${groundError ? `<p id="ground-error">${esc(groundError.message)}</p>` : ''}
${radios}
</fieldset>
<p><label for="statement">Explain (10 to 5,000 characters)</label><br>
${statementError ? `<span id="statement-error">${esc(statementError.message)}</span><br>` : ''}
<textarea id="statement" name="statement" rows="8" cols="60" minlength="10" maxlength="5000" required${
      statementError ? ' aria-describedby="statement-error" aria-invalid="true"' : ''
    }>${esc(statement)}</textarea></p>
<p><button type="submit">Send challenge</button></p>
</form>`,
  );
}

export function challengeReceivedPage(): string {
  return page(
    'Challenge received',
    '<p>Thank you. Our abuse desk will review your challenge. If it is upheld, the notice is removed from your record.</p>',
  );
}

export function challengeErrorPage(message: string): string {
  return page('Challenge link', `<p>${esc(message)}</p>`);
}
