import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { AccountsService } from '../../modules/accounts/accounts.service';
import { Role } from '../../common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../modules/accounts/entities/organisation-kinds';
import { PasswordResetService } from '../../modules/accounts/password-reset.service';
import { ApiKeyService } from '../../modules/auth/api-key.service';
import { MailTransport } from '../../modules/messaging/delivery/mail-transport';
import { MessageComposer } from '../../modules/messaging/delivery/message-composer';
import { MAIL_TRANSPORT } from '../../modules/messaging/messaging.tokens';
import { passwordLinkUrl } from '../../modules/portal/navigation';
import { passwordLinkMail } from '../../modules/portal/password-link-mail';
import { CliError } from '../cli-error';
import { CommandDeps, oneOf, withContext } from '../cli-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const collect = (v: string, prev: string[] = []) => [...prev, v];

async function resolveOrganisation(accounts: AccountsService, ref: string): Promise<string> {
  if (UUID.test(ref)) return (await accounts.getOrganisation(ref)).id;
  const org = await accounts.findOrganisationByName(ref);
  if (!org) throw new CliError(`No organisation named "${ref}" (give its name or id)`);
  return org.id;
}

// complainant:create: an organisation that sends notices.
function registerComplainantCreate(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('complainant:create')
    .description('register a complainant organisation (rights holder or vendor)')
    .requiredOption('--name <name>', 'organisation name')
    .addOption(
      new Option('--kind <kind>', 'rights_holder | vendor | law_firm')
        .argParser(oneOf(Object.values(OrganisationKind), '--kind'))
        .default(OrganisationKind.Vendor),
    )
    .option('--owner <owner>', 'a rights owner it acts for (repeatable)', collect, [])
    .option(
      '--sender <address>',
      'an address its e-mailed notices come from (repeatable)',
      collect,
      [],
    )
    .option('--contact <email>', 'contact e-mail')
    .option('--accredited', 'mark as accredited now (default: pending)')
    .action(
      async (opts: {
        name: string;
        kind: OrganisationKind;
        owner: string[];
        sender: string[];
        contact?: string;
        accredited?: boolean;
      }) => {
        await withContext(cfg(), async (ctx) => {
          const org = await ctx.get(AccountsService).createOrganisation({
            name: opts.name,
            kind: opts.kind,
            owners: opts.owner,
            senderAddresses: opts.sender,
            contactEmail: opts.contact ?? null,
            accreditation: opts.accredited ? Accreditation.Accredited : Accreditation.Pending,
          });
          io.out(`organisation ${org.id} "${org.name}" (${org.accreditation})`);
        });
      },
    );
}

// apikey:create: a key for a machine, audited as the server's act.
function registerApiKeyCreate(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('apikey:create')
    .description('issue an API key (shown once)')
    .option('--org <name-or-id>', 'organisation a complainant key acts for')
    .addOption(
      new Option('--role <role>', 'role of the key')
        .argParser(oneOf(Object.values(Role), '--role'))
        .default(Role.Complainant),
    )
    .option('--name <label>', 'label for the key', 'cli')
    .option(
      '--scopes <list>',
      "comma-separated scopes (notices:submit, notices:read, disclosure); default: the role's",
    )
    .action(async (opts: { org?: string; role: Role; name: string; scopes?: string }) => {
      if (opts.role === Role.Complainant && !opts.org) {
        throw new CliError('a complainant key needs --org <organisation name or id>');
      }
      if (opts.role !== Role.Complainant && opts.org) {
        throw new CliError('only complainant keys belong to an organisation; drop --org');
      }
      await withContext(cfg(), async (ctx) => {
        const organisationId = opts.org
          ? await resolveOrganisation(ctx.get(AccountsService), opts.org)
          : null;
        // Made on the server: audited as the server's act (break-glass for any role).
        const scopes = opts.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const { apiKey, key } = await ctx
          .get(ApiKeyService)
          .create({ name: opts.name, role: opts.role, organisationId, scopes, createdBy: null });
        io.out(
          `api key ${apiKey.id} (${apiKey.role}; scopes: ${apiKey.scopes.join(', ') || 'none'}) — store it now, it is not shown again:`,
        );
        io.out(key);
      });
    });
}

// user:create: a person who signs in to the portal.
function registerUserCreate(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('user:create')
    .description('create a person who signs in to the portal')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--role <role>', 'complainant | abuse_desk | legal | admin')
        .argParser(oneOf(Object.values(Role), '--role'))
        .makeOptionMandatory(),
    )
    .option('--org <name-or-id>', 'organisation (complainants only)')
    .option(
      '--password-env <var>',
      'read the password from this environment variable',
      'NOTICE_RELAY_PASSWORD',
    )
    .action(
      async (opts: {
        email: string;
        name: string;
        role: Role;
        org?: string;
        passwordEnv: string;
      }) => {
        const password = io.env[opts.passwordEnv] || null;
        await withContext(cfg(), async (ctx) => {
          const accounts = ctx.get(AccountsService);
          const organisationId = opts.org ? await resolveOrganisation(accounts, opts.org) : null;
          const user = await accounts.createUser({
            email: opts.email,
            displayName: opts.name,
            role: opts.role,
            organisationId,
            password,
          });
          io.out(`user ${user.id} ${user.email} (${user.role})`);
          if (!password) io.out(`no password set: set ${opts.passwordEnv} to give one`);
        });
      },
    );
}

// user:reset-password: a one-time link to set a password, for any account kind. Legal staff's
// passwords are not reset by an admin (issue 16); this is the server's way, audited under the
// operator's name. The link is printed for the operator to pass on, or mailed to the account.
function registerUserResetPassword(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('user:reset-password')
    .description('make a one-time link to set a person’s password (printed, or mailed with --mail)')
    .requiredOption('--email <email>', 'the account’s sign-in e-mail')
    .requiredOption('--operator <name>', 'who asks, for the audit log')
    .option('--mail', 'mail the link to the account’s own address instead of printing it')
    .action(async (opts: { email: string; operator: string; mail?: boolean }) => {
      const config = cfg();
      await withContext(config, async (ctx) => {
        const link = await ctx
          .get(PasswordResetService)
          .issueOnServer(opts.operator, opts.email.trim());
        if (!link) throw new CliError(`No enabled, confirmed account uses ${opts.email}`);
        const until = `${link.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
        if (opts.mail) {
          const composer = ctx.get(MessageComposer);
          await ctx.get<MailTransport>(MAIL_TRANSPORT).send(
            passwordLinkMail({
              from: config.mail.from,
              to: link.email,
              publicUrl: config.http.publicUrl,
              token: link.token,
              expiresAt: link.expiresAt,
              messageId: composer.messageIdHeader(randomUUID()),
            }),
          );
          io.out(
            `mailed a one-time password link to ${link.email} (${link.role}); it works once, until ${until}`,
          );
          return;
        }
        io.out(
          `one-time password link for ${link.email} (${link.role}); it works once, until ${until}:`,
        );
        io.out(passwordLinkUrl(config.http.publicUrl, link.token));
      });
    });
}

// Organisations, their API keys, and the people who sign in.
export function registerAccountCommands(program: Command, deps: CommandDeps): void {
  registerComplainantCreate(program, deps);
  registerApiKeyCreate(program, deps);
  registerUserCreate(program, deps);
  registerUserResetPassword(program, deps);
}
