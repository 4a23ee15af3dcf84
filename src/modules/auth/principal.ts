import { Role } from '../../common/roles';
import type { Scope } from './scopes';

// Who is calling: a signed-in person or a machine client's API key. Carries ids only.
export interface Principal {
  kind: 'user' | 'api_key';
  role: Role;
  organisationId: string | null;
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  // An API key's scopes (scopes.ts); absent for a person. A key without them holds none.
  scopes?: readonly Scope[];
}

export interface AuthenticatedRequest {
  principal?: Principal;
}
