import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor, systemActor } from '../identity/audit.types';
import { accountsErrors } from './accounts.errors';
import { AccountsRepository, UserCredentials } from './accounts.repository';
import { Organisation } from './entities/organisation.entity';
import { Role } from '../../common/roles';
import { Accreditation, OrganisationKind } from './entities/organisation-kinds';
import { User } from './entities/user.entity';
import { PasswordService } from './password.service';

export interface CreateOrganisationInput {
  name: string;
  kind: OrganisationKind;
  accreditation?: Accreditation;
  contactEmail?: string | null;
  postalAddress?: string | null;
  senderAddresses?: string[];
  owners?: string[];
}

export interface CreateUserInput {
  email: string;
  displayName: string;
  role: Role;
  organisationId?: string | null;
  password?: string | null;
}

// Accounts made on the server itself (the CLI, the demo, start-up seeding): the operator of the
// machine is trusted, and a legal person made this way is confirmed at once, as an audited
// break-glass (issue 16). HTTP requests go through AccountAdministration's rules instead.
export const SERVER_ACTOR: AuditActor = systemActor('server');

export const MIN_PASSWORD_LENGTH = 12;

@Injectable()
export class AccountsService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditRepository,
  ) {}

  // Every organisation made is in the audit chain with who made it.
  async createOrganisation(
    input: CreateOrganisationInput,
    actor: AuditActor = SERVER_ACTOR,
  ): Promise<Organisation> {
    const name = input.name.trim();
    if (await this.repo.findOrganisationByName(name)) throw accountsErrors.organisationExists(name);
    try {
      return await this.repo.transaction(async (em) => {
        const org = await this.repo.insertOrganisation(
          {
            name,
            kind: input.kind,
            accreditation: input.accreditation ?? Accreditation.Pending,
            contactEmail: input.contactEmail ?? null,
            postalAddress: input.postalAddress ?? null,
            senderAddresses: (input.senderAddresses ?? []).map((a) => a.trim().toLowerCase()),
            owners: input.owners ?? [],
          },
          em,
        );
        await this.audit.append(em, {
          actor,
          action: 'organisation.created',
          subjectType: 'organisation',
          subjectId: org.id,
          purpose: 'organisation registered',
          details: { kind: org.kind, accreditation: org.accreditation },
        });
        return org;
      });
    } catch (e) {
      // Created by someone else between the check and the insert (unique on lower(name)).
      if (pgCode(e) === '23505') throw accountsErrors.organisationExists(name);
      throw e;
    }
  }

  // Removes an organisation nothing refers to yet (no user, key, notice or request: those
  // references refuse the delete), e.g. one created for a quarantined notice that someone else
  // resolved meanwhile. False when something refers to it.
  async removeUnusedOrganisation(id: string): Promise<boolean> {
    try {
      return await this.repo.deleteOrganisation(id);
    } catch (e) {
      if (pgCode(e) === '23503') return false;
      throw e;
    }
  }

  async getOrganisation(id: string): Promise<Organisation> {
    const org = await this.repo.findOrganisation(id);
    if (!org) throw accountsErrors.organisationNotFound(id);
    return org;
  }

  async findOrganisationByName(name: string): Promise<Organisation | null> {
    return this.repo.findOrganisationByName(name);
  }

  listOrganisations(offset = 0, limit = 50): Promise<[Organisation[], number]> {
    return this.repo.listOrganisations(offset, limit);
  }

  // A person made on the server (SERVER_ACTOR): confirmed at once, audited as break-glass when
  // legal. HTTP callers use AccountAdministration, which applies separation of duties first.
  async createUser(
    input: CreateUserInput,
    actor: AuditActor = SERVER_ACTOR,
    options: { createdBy?: string | null; confirmed?: boolean } = {},
  ): Promise<User> {
    if (input.role === Role.Resolver) throw accountsErrors.machineRole();
    const organisationId = input.organisationId ?? null;
    if (input.role === Role.Complainant && !organisationId)
      throw accountsErrors.organisationRequired();
    if (input.role !== Role.Complainant && organisationId)
      throw accountsErrors.organisationNotAllowed();
    if (organisationId) await this.getOrganisation(organisationId);
    if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
      throw accountsErrors.weakPassword();
    }
    if (await this.repo.emailTaken(input.email)) throw accountsErrors.userExists();
    const passwordHash = input.password ? await this.passwords.hash(input.password) : null;
    const confirmed = options.confirmed ?? true;
    return this.repo.transaction(async (em) => {
      const user = await this.repo.insertUser(em, {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        organisationId,
        passwordHash,
        createdBy: options.createdBy ?? null,
        confirmedAt: confirmed ? new Date() : null,
      });
      await this.audit.append(em, {
        actor,
        action: 'account.created',
        subjectType: 'user',
        subjectId: user.id,
        purpose:
          input.role === Role.Legal && actor.kind === 'system'
            ? 'break-glass: legal account made on the server'
            : 'account made',
        details: { role: user.role, organisationId, confirmed },
      });
      return user;
    });
  }

  async getUser(id: string): Promise<User> {
    const user = await this.repo.findUser(id);
    if (!user) throw accountsErrors.userNotFound(id);
    return user;
  }

  listUsers(offset = 0, limit = 50): Promise<[User[], number]> {
    return this.repo.listUsers(offset, limit);
  }

  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.repo.findCredentialsByEmail(email);
  }

  claimLoginAttempt(userId: string, lockAfter: number, lockForSeconds: number): Promise<boolean> {
    return this.repo.claimLoginAttempt(userId, lockAfter, lockForSeconds);
  }

  lockIfExhausted(userId: string, lockAfter: number, lockForSeconds: number): Promise<void> {
    return this.repo.lockIfExhausted(userId, lockAfter, lockForSeconds);
  }

  recordSuccessfulLogin(userId: string): Promise<void> {
    return this.repo.recordSuccessfulLogin(userId);
  }
}

// The PostgreSQL error code (SQLSTATE) of a failed query, as pg reports it.
function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}
