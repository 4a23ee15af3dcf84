import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { accountsErrors } from './accounts.errors';
import { AccountsRepository } from './accounts.repository';
import { AccountsService, CreateUserInput } from './accounts.service';
import { CredentialRevocations } from './credential-revocations';
import { Role } from '../../common/roles';
import { User } from './entities/user.entity';

// Separation of duties for accounts made over HTTP (issue 16):
//  - an admin makes every kind of account except legal: it cannot grant itself identity access;
//  - legal staff make legal accounts only, and such an account signs in only once a second
//    legal person (not its maker, not itself) has confirmed it;
//  - the server CLI is the audited break-glass (AccountsService.createUser with SERVER_ACTOR);
//  - every creation, confirmation and disabling is in the audit chain with the person who did it.
@Injectable()
export class AccountAdministration {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditRepository,
    private readonly revocations: CredentialRevocations,
  ) {}

  createUser(actor: AuditActor, input: CreateUserInput): Promise<User> {
    const person = this.person(actor, 'make accounts');
    const role = actor.role as Role;
    if (role === Role.Admin) {
      if (input.role === Role.Legal) throw accountsErrors.roleReserved();
      return this.accounts.createUser(input, actor, { createdBy: person, confirmed: true });
    }
    if (role === Role.Legal) {
      if (input.role !== Role.Legal) {
        throw accountsErrors.notAllowed('Legal staff make legal accounts only; ask an admin');
      }
      return this.accounts.createUser(input, actor, { createdBy: person, confirmed: false });
    }
    throw accountsErrors.notAllowed('Only an admin or legal staff make accounts');
  }

  async confirmLegal(actor: AuditActor, userId: string): Promise<User> {
    const person = this.person(actor, 'confirm legal accounts');
    if ((actor.role as Role) !== Role.Legal) {
      throw accountsErrors.notAllowed('Only a legal person confirms a legal account');
    }
    await this.repo.transaction(async (em) => {
      const user = await this.repo.lockUser(em, userId);
      if (!user) throw accountsErrors.userNotFound(userId);
      if (user.role !== Role.Legal || user.confirmedAt) {
        throw accountsErrors.confirmation('Only an unconfirmed legal account is confirmed');
      }
      if (user.createdBy === person || user.id === person) {
        throw accountsErrors.confirmation('A second legal person, not its maker, confirms it');
      }
      await this.repo.confirmUser(em, userId, person);
      await this.audit.append(em, {
        actor,
        action: 'account.confirmed',
        subjectType: 'user',
        subjectId: userId,
        purpose: 'legal account confirmed by a second legal person',
        details: { role: user.role, createdBy: user.createdBy },
      });
    });
    return this.accounts.getUser(userId);
  }

  // Disabling a person ends their sessions and revokes the keys they made.
  async disable(actor: AuditActor, userId: string, reason: string): Promise<User> {
    this.person(actor, 'disable accounts');
    const role = actor.role as Role;
    if (role !== Role.Admin && role !== Role.Legal) {
      throw accountsErrors.notAllowed('Only an admin or legal staff disable accounts');
    }
    await this.repo.transaction(async (em) => {
      const user = await this.repo.lockUser(em, userId);
      if (!user) throw accountsErrors.userNotFound(userId);
      // Disabling only takes access away, so an admin may disable anyone, legal staff included.
      const { keysRevoked } = await this.repo.disableUser(em, userId);
      await this.audit.append(em, {
        actor,
        action: 'account.disabled',
        subjectType: 'user',
        subjectId: userId,
        purpose: reason,
        details: { role: user.role, keysRevoked },
      });
    });
    this.revocations.announce();
    return this.accounts.getUser(userId);
  }

  private person(actor: AuditActor, what: string): string {
    if (actor.kind !== 'user')
      throw accountsErrors.notAllowed(`Only a signed-in person may ${what}`);
    return actor.id;
  }
}
