import { Inject, Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import { Resolver } from 'node:dns/promises';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ParsedValue } from './target-values';

export interface TargetSignals {
  // Warnings shown to legal beside the proposal: they never decide anything on their own.
  flags: string[];
  // Origin AS numbers of the target's addresses, matched against protected AS entries.
  originAsns: string[];
}

const MAX_ADDRESSES = 8;

// Looks a proposed target up through the configured resolver (BLOCKING_RESOLVER): the names
// its addresses carry (PTR), to flag a server shared by many unrelated sites (BO-3), and the
// origin AS of each address from a Team Cymru-style TXT zone (BLOCKING_ASN_ZONE). Without a
// configured resolver nothing is looked up and the proposal says so.
@Injectable()
export class TargetSignalsService {
  private readonly resolver: Resolver | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const servers = config.blocking.resolver;
    if (servers.length === 0) {
      this.resolver = null;
      return;
    }
    this.resolver = new Resolver({ timeout: 2000, tries: 1 });
    this.resolver.setServers(servers);
  }

  async lookUp(target: ParsedValue): Promise<TargetSignals> {
    if (!this.resolver)
      return { flags: ['not looked up: no BLOCKING_RESOLVER configured'], originAsns: [] };
    const r = this.resolver;
    let addresses: string[];
    if (target.kind === 'fqdn') {
      const [v4, v6] = await Promise.all([
        r.resolve4(target.value).catch(() => [] as string[]),
        r.resolve6(target.value).catch(() => [] as string[]),
      ]);
      addresses = [...v4, ...v6];
    } else if (target.kind === 'ip') addresses = [target.value];
    else addresses = [];
    addresses = addresses.slice(0, MAX_ADDRESSES);
    const flags: string[] = [];
    const asns = new Set<string>();
    const own = target.kind === 'fqdn' ? siteOf(target.value) : null;
    for (const address of addresses) {
      const names = await r.reverse(address).catch(() => [] as string[]);
      const sites = new Set(names.map((n) => siteOf(n.toLowerCase().replace(/\.$/, ''))));
      if (own) sites.delete(own);
      if (sites.size >= this.config.blocking.sharedNameThreshold) {
        const shown = [...sites].sort().slice(0, 5).join(', ');
        flags.push(
          `${address} carries ${sites.size} unrelated names (${shown}${sites.size > 5 ? ', …' : ''}): likely shared`,
        );
      }
      for (const asn of await this.originAsns(address)) asns.add(asn);
    }
    return { flags, originAsns: [...asns].sort() };
  }

  private async originAsns(address: string): Promise<string[]> {
    const addr = ipaddr.parse(address);
    const zone = this.config.blocking.asnZone;
    const name =
      addr.kind() === 'ipv4'
        ? `${addr.toByteArray().reverse().join('.')}.${zone}`
        : `${addr
            .toByteArray()
            .flatMap((b) => [b >> 4, b & 15])
            .reverse()
            .map((n) => n.toString(16))
            .join('.')}.${zone.replace(/^origin\./, 'origin6.')}`;
    const records = await this.resolver!.resolveTxt(name).catch(() => [] as string[][]);
    // "13335 | 104.16.0.0/13 | US | arin | 2014-03-28": the first field lists the AS numbers.
    return records.flatMap((chunks) =>
      (chunks.join('').split('|')[0] ?? '')
        .trim()
        .split(/\s+/)
        .filter((a) => /^\d+$/.test(a)),
    );
  }
}

// The registrable part of a name, approximated by its last two labels (three under a
// two-letter second level such as co.uk): enough to tell "unrelated sites" apart.
export function siteOf(name: string): string {
  const labels = name.split('.');
  const keep =
    labels.length >= 3 && labels.at(-2)!.length <= 3 && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}
