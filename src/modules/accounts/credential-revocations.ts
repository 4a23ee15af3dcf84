import { Injectable } from '@nestjs/common';

// Told when credentials are revoked in bulk (a person disabled, an organisation revoked), so a
// process that caches API keys drops its cache at once instead of within its cache period.
// In-process only: other processes catch up within the key cache period (API_KEY_CACHE_MS).
@Injectable()
export class CredentialRevocations {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  announce(): void {
    for (const listener of this.listeners) listener();
  }
}
