import { loadConfig } from '../../config/app-config';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import { AttributionRepository, LeaseGroup } from './attribution.repository';
import { AttributionSettingsCache } from './attribution-settings';
import { AttributionService } from './attribution.service';
import { transportProtocol } from './attribution.types';

// A notice states a transport protocol only when its field says TCP or UDP; a P2P protocol
// name (BitTorrent runs over TCP and uTP/UDP) states none, so every port block competes.
describe('transportProtocol', () => {
  it('reads TCP and UDP in any case and nothing else', () => {
    expect(transportProtocol('TCP')).toBe('tcp');
    expect(transportProtocol(' udp ')).toBe('udp');
    for (const v of ['BitTorrent', 'uTP', 'icmp', '', null, undefined]) {
      expect(transportProtocol(v)).toBeNull();
    }
  });
});

describe('AttributionService with a scripted repository', () => {
  const config = loadConfig({ ADDRESS_SPACE: '10.0.0.0/8,2001:db8::/32' });
  const now = new Date('2026-10-20T00:00:00Z');
  const day = Date.parse('2026-10-04T00:00:00Z');

  function service(leaseCandidates: AttributionRepository['leaseCandidates']) {
    const repo = {
      leaseCandidates,
      natCandidates: () => Promise.resolve([]),
      sources: () => Promise.resolve(new Map([[1, { name: 'dhcp', toleranceSeconds: 60 }]])),
    } as unknown as AttributionRepository;
    const pools = { listPools: () => Promise.resolve([]) } as unknown as NatPoolsRepository;
    return new AttributionService(repo, new AttributionSettingsCache(repo, pools), config);
  }

  // Every probe's address has one lease from day to day + 1 h, of account "SUB-<last octet>".
  const oneLeaseEach: AttributionRepository['leaseCandidates'] = (group) =>
    Promise.resolve(
      group.keys.map((key, i) => ({
        ord: group.ords[i],
        id: String(i),
        sourceId: 1,
        address: key,
        starts: day,
        ends: day + 3_600_000,
        confirmedUntil: day + 3_600_000,
        endIsActual: true,
        reference: `SUB-${key.split('.')[3]}`,
      })),
    );

  it('sends a large batch as several statements and answers every probe in order', async () => {
    const groups: LeaseGroup[] = [];
    const svc = service((group, tol, lookback) => {
      groups.push(group);
      return oneLeaseEach(group, tol, lookback);
    });
    const probes = Array.from({ length: 2500 }, (_, i) => ({
      ip: `10.0.${i >> 8}.${i & 255}`,
      at: new Date(day + 1_800_000),
    }));
    probes.push(
      { ip: '8.8.8.8', at: new Date(day) },
      { ip: '10.0.0.1', at: new Date(day + 7_200_000) },
    );
    const results = await svc.attributeMany(probes, now);
    expect(groups.map((g) => g.keys.length)).toEqual([1000, 1000, 501]);
    expect(results).toHaveLength(2502);
    expect(results.slice(0, 2500).map((r) => r.subscriberRef)).toEqual(
      probes.slice(0, 2500).map((p) => `SUB-${p.ip.split('.')[3]}`),
    );
    expect(results[2500]).toMatchObject({ outcome: 'not_our_address', evidence: [] });
    expect(results[2501]).toMatchObject({ outcome: 'no_lease', evidence: [] });
    expect(results[0].evidence).toEqual([
      expect.objectContaining({
        recordId: '0',
        address: '10.0.0.0',
        starts: '2026-10-04T00:00:00.000Z',
        ends: '2026-10-04T01:00:00.000Z',
        confirmedUntil: '2026-10-04T01:00:00.000Z',
        onlyWithinTolerance: false,
      }),
    ]);
  });

  it('fails the call when one statement fails, after the others have settled', async () => {
    let calls = 0;
    let settled = 0;
    const svc = service(async (group, tol, lookback) => {
      calls++;
      const n = calls;
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 20));
      settled++;
      if (n === 1) throw new Error('statement failed');
      return oneLeaseEach(group, tol, lookback);
    });
    const probes = Array.from({ length: 2500 }, (_, i) => ({
      ip: `10.1.${i >> 8}.${i & 255}`,
      at: new Date(day + 1_800_000),
    }));
    await expect(svc.attributeMany(probes, now)).rejects.toThrow('statement failed');
    expect(settled).toBe(3);
  });
});
