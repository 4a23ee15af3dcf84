import { Injectable } from '@nestjs/common';
import {
  IdentityAccess,
  IdentityService,
  SubscriberIdentity,
} from '../../identity/identity.service';
import { MessagingRepository } from '../messaging.repository';

type Contact = Partial<SubscriberIdentity> | null;

interface Pending {
  accountId: string;
  access: IdentityAccess;
  resolve: (c: Contact) => void;
  reject: (e: unknown) => void;
}

// Reads contact details through IdentityService, grouping the reads that concurrent sends ask
// for at the same moment into one transaction: each read keeps its own audit entry and purpose,
// but the audit chain's lock and the commit are paid once per group instead of once per message.
@Injectable()
export class ContactReader {
  private waiting: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly identity: IdentityService,
    private readonly repo: MessagingRepository,
  ) {}

  read(accountId: string, access: IdentityAccess): Promise<Contact> {
    return new Promise<Contact>((resolve, reject) => {
      this.waiting.push({ accountId, access, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let the other sends of this tick join the group.
    await new Promise((r) => setImmediate(r));
    while (this.waiting.length) {
      const group = this.waiting.splice(0, 100);
      try {
        const found = await this.repo.transaction(async (em) => {
          const out: Contact[] = [];
          for (const p of group) {
            const m = await this.identity.readMany([p.accountId], p.access, em);
            out.push(m.get(p.accountId) ?? null);
          }
          return out;
        });
        group.forEach((p, i) => p.resolve(found[i]));
      } catch (e) {
        group.forEach((p) => p.reject(e));
      }
    }
    this.flushing = null;
  }
}
