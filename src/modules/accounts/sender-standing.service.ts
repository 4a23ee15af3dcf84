import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { accountsErrors } from './accounts.errors';
import { AccountsRepository } from './accounts.repository';
import { CredentialRevocations } from './credential-revocations';
import { Organisation } from './entities/organisation.entity';
import { Accreditation } from './entities/organisation-kinds';

export type StandingChange = 'suspend' | 'reinstate';

const STEP: Record<StandingChange, { from: Accreditation; to: Accreditation; action: string }> = {
  suspend: {
    from: Accreditation.Accredited,
    to: Accreditation.Suspended,
    action: 'organisation.suspended',
  },
  reinstate: {
    from: Accreditation.Suspended,
    to: Accreditation.Accredited,
    action: 'organisation.reinstated',
  },
};

// Legal staff suspend a sender whose notices are poor, or reinstate it (VA-6). Only an
// accredited sender can be suspended and only a suspended one reinstated, so reinstating
// never accredits a sender that was pending or revoked. Each change is audited with its
// reason, in the same transaction.
@Injectable()
export class SenderStandingService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly audit: AuditRepository,
    private readonly revocations: CredentialRevocations,
  ) {}

  async change(
    actor: AuditActor,
    organisationId: string,
    change: StandingChange,
    reason: string,
  ): Promise<Organisation> {
    const step = STEP[change];
    await this.repo.transaction(async (em) => {
      const current = await this.repo.lockAccreditation(em, organisationId);
      if (current === null) throw accountsErrors.organisationNotFound(organisationId);
      if (current !== step.from) {
        throw accountsErrors.senderStanding(
          change === 'suspend'
            ? `Only an accredited sender can be suspended; this one is ${current}`
            : `Only a suspended sender can be reinstated; this one is ${current}`,
        );
      }
      await this.repo.updateAccreditation(em, organisationId, step.to, reason);
      await this.audit.append(em, {
        actor,
        action: step.action,
        subjectType: 'organisation',
        subjectId: organisationId,
        purpose: reason,
        details: { from: current, to: step.to },
      });
    });
    return this.reload(organisationId);
  }

  // Any accreditation, as the API's PATCH sets it (admin or legal): audited like a suspension,
  // with the note as the reason, so no change of standing escapes the audit log.
  async set(
    actor: AuditActor,
    organisationId: string,
    accreditation: Accreditation,
    note: string | null,
  ): Promise<Organisation> {
    await this.repo.transaction(async (em) => {
      const current = await this.repo.lockAccreditation(em, organisationId);
      if (current === null) throw accountsErrors.organisationNotFound(organisationId);
      await this.repo.updateAccreditation(em, organisationId, accreditation, note);
      // A revoked sender's keys and sessions end with it (issue 16).
      const { keysRevoked } =
        accreditation === Accreditation.Revoked
          ? await this.repo.revokeOrganisationCredentials(em, organisationId)
          : { keysRevoked: 0 };
      await this.audit.append(em, {
        actor,
        action: 'organisation.accreditation_set',
        subjectType: 'organisation',
        subjectId: organisationId,
        purpose: note ?? 'accreditation set through the API (no note given)',
        details: {
          from: current,
          to: accreditation,
          ...(accreditation === Accreditation.Revoked ? { keysRevoked } : {}),
        },
      });
    });
    if (accreditation === Accreditation.Revoked) this.revocations.announce();
    return this.reload(organisationId);
  }

  private async reload(organisationId: string): Promise<Organisation> {
    const org = await this.repo.findOrganisation(organisationId);
    if (!org) throw accountsErrors.organisationNotFound(organisationId);
    return org;
  }
}
