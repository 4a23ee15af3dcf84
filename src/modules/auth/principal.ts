import { Role } from '../accounts/entities/roles';

// Who is calling: a signed-in person or a machine client's API key. Carries ids only.
export interface Principal {
  kind: 'user' | 'api_key';
  role: Role;
  organisationId: string | null;
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
}

export interface AuthenticatedRequest {
  principal?: Principal;
}
