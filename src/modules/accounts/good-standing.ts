import { accountsErrors } from './accounts.errors';
import { Accreditation } from './entities/organisation-kinds';

// A suspended or revoked sender keeps its account (a suspension can be lifted) but loses what
// its standing gave it (issue 16): it cannot create API keys, file disclosure requests or
// download disclosure packages, through the API or the portal.
const BARRED: readonly string[] = [Accreditation.Suspended, Accreditation.Revoked];

export function assertGoodStanding(accreditation: string | null, act: string): void {
  if (accreditation !== null && BARRED.includes(accreditation)) {
    throw accountsErrors.notInGoodStanding(accreditation, act);
  }
}
