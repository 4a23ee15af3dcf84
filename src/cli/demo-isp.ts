import type { NatPool } from '../modules/leases/nat-pools';

// A small demo ISP: five subscribers on dynamic IPv4, one IPv6 delegation and a CGNAT pool.
// Times are relative to "today" so the demo stays inside log retention.
export const DEMO_SUBSCRIBERS = [
  {
    account: 'DEMO-1001',
    type: 'mac',
    id: '02:00:5e:10:00:01',
    name: 'Alice Martin',
    email: 'alice@subscriber.example',
    language: 'en',
    regime: 'ca',
  },
  {
    account: 'DEMO-1002',
    type: 'mac',
    id: '02:00:5e:10:00:02',
    name: 'Bruno Lefèvre',
    email: 'bruno@subscriber.example',
    language: 'fr',
    regime: 'fr',
  },
  {
    account: 'DEMO-1003',
    type: 'username',
    id: 'carol@isp.example',
    name: 'Carol Jones',
    email: 'carol@subscriber.example',
    language: 'en',
    regime: 'us',
  },
  {
    account: 'DEMO-1004',
    type: 'mac',
    id: '02:00:5e:10:00:04',
    name: 'Dev Patel',
    email: 'dev@subscriber.example',
    language: 'en',
    regime: 'ca',
  },
  {
    account: 'DEMO-1005',
    type: 'mac',
    id: '02:00:5e:10:00:05',
    name: 'Eve Moreau',
    email: 'eve@subscriber.example',
    language: 'fr',
    regime: 'fr',
  },
] as const;

export const DEMO_NAT_POOL: Omit<NatPool, 'id'> = {
  name: 'demo-cgnat',
  publicPrefix: '203.0.113.0/28',
  insidePrefix: '100.64.0.0/16',
  portMin: 1024,
  portMax: 65535,
  blockSize: 512,
  deterministic: false,
  quarantineSeconds: 120,
};

const day = (today: Date, offset: number, hh = 0, mm = 0) =>
  new Date(today.getTime() + offset * 86_400_000 + (hh * 60 + mm) * 60_000).toISOString();

// Generic CSV (see src/modules/leases/parsing/README.md): one account per address per period,
// a handover on 198.51.100.20 two days ago, and an IPv6 /56.
export function demoLeaseCsv(today: Date): string[] {
  const rows = ['ip,prefix_len,start,end,identifier_type,identifier'];
  for (let d = -30; d < 0; d++) {
    rows.push(`198.51.100.10,32,${day(today, d)},${day(today, d + 1)},mac,02:00:5e:10:00:01`);
  }
  rows.push(`198.51.100.20,32,${day(today, -10)},${day(today, -2, 12)},mac,02:00:5e:10:00:02`);
  rows.push(`198.51.100.20,32,${day(today, -2, 12, 0)},${day(today, 0)},mac,02:00:5e:10:00:05`);
  rows.push(`2001:db8:4200::,56,${day(today, -20)},${day(today, 0)},mac,02:00:5e:10:00:04`);
  rows.push(`100.64.0.10,32,${day(today, -30)},${day(today, 0)},username,carol@isp.example`);
  rows.push(`100.64.0.11,32,${day(today, -30)},${day(today, 0)},mac,02:00:5e:10:00:04`);
  return rows;
}

// Juniper port-block allocations behind 203.0.113.7.
export function demoNatLog(today: Date): string[] {
  const line = (type: string, inside: string, lo: number, at: string) =>
    `<14>1 ${at} mx1 RT_NAT - RT_SRC_NAT_PBA_${type} [junos@2636.1.1.1.2.26 internal-ip="${inside}" reflexive-ip="203.0.113.7" block-port-low="${lo}" block-port-high="${lo + 511}" nat-pool-name="demo-cgnat"]`;
  const out: string[] = [];
  out.push(line('ALLOC', '100.64.0.10', 51200, day(today, -7)));
  out.push(line('ALLOC', '100.64.0.11', 51712, day(today, -7)));
  // An interim record every midnight up to today's: an open block counts only up to its last one.
  for (let d = -6; d <= 0; d++) {
    out.push(line('INTERIM', '100.64.0.10', 51200, day(today, d)));
    out.push(line('INTERIM', '100.64.0.11', 51712, day(today, d)));
  }
  return out;
}
