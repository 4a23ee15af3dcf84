import { Role } from '../../../common/roles';
import { MASK } from '../../messaging/rendering/masking';
import type { DeskMessageCopy, LegalMessageCopy } from '../../messaging/sent-copy.service';
import { PAGE_ROLES } from '../navigation';
import { errorSummary, FieldErrors } from '../portal-form';

// A sent message: the desk's copy with placeholders, or the legal copy with the identity
// (opened, and audited, by the service) and whether it matches what was sent.
export function sentMessagePage(
  copy: DeskMessageCopy,
  legal: LegalMessageCopy | null,
  role: Role,
  errors: FieldErrors,
  purpose: string,
) {
  return {
    title: `Message ${copy.id.slice(0, 8)} as sent`,
    m: copy,
    to: legal ? (legal.to ?? 'no e-mail address on file') : MASK.email,
    shown: legal?.unmasked ?? copy.copy,
    legal,
    canOpenIdentity: legal === null && (PAGE_ROLES.identityView as readonly Role[]).includes(role),
    placeholders: Object.values(MASK),
    purpose,
    errors,
    summary: errorSummary(errors),
  };
}
