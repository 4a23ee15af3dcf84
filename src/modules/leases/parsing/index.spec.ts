import { LEASE_FORMATS, parserFor } from './index';
import { collect, linesOf } from './line-source';

// Hostile input must come back as problems (or be skipped), never as a thrown error.
const GARBAGE = [
  'lease 10.0.0.1 {',
  '  uid "\\',
  '  starts 9 9999/99/99 99:99:99;',
  '}',
  '}}}',
  'ia-pd "" { iaprefix ::/999 { ends epoch 99999999999999; } }',
  'address,hwaddr,client_id,valid_lifetime,expire,state',
  '1.2.3.4,zz,,-1,1e99,7',
  'address,duid,valid_lifetime,expire,lease_type,prefix_len,state',
  '::1,00,1,1,2,999,0',
  '2026-10-25 02:30:00 XYZT Prefix: ::/0 has been assigned for 1 hrs 0 mins 0 secs',
  'Thu Feb 30 25:61:00 2026',
  '\tAcct-Status-Type = Stop',
  '\tTimestamp = 99999999999999999999',
  '\tFramed-IPv6-Prefix = nonsense',
  '',
  '<14>1 - mx1 RT_NAT - RT_SRC_NAT_PBA_RELEASE [junos@2636 epoch-time-64="0xffffffffffffffff"]',
  'CEF:0|A10|x|y|CGN 107|n|5|rt=abc src=',
  'USER x: DESTROY BLOCK ()',
  'A VRF 0 INT x EXT y:1-2',
  'ip,prefix_len,start,end,identifier_type,identifier',
  '"unterminated,1,2',
  '\u0000\uFFFF',
];

describe('parserFor', () => {
  it.each(LEASE_FORMATS)(
    '%s survives garbage and reports problems with line numbers',
    async (format) => {
      const results = await collect(
        parserFor(format)(linesOf(GARBAGE), { timeZone: 'Europe/Paris' }),
      );
      for (const result of results) {
        expect(result.lineNumber).toBeGreaterThanOrEqual(1);
        expect(result.lineNumber).toBeLessThanOrEqual(GARBAGE.length);
        if (result.type === 'problem') expect(result.reason).not.toBe('');
      }
      expect(results.some((r) => r.type === 'problem')).toBe(true);
    },
  );

  it('reports an unknown time zone instead of throwing', async () => {
    const results = await collect(
      parserFor('kea-legal')(
        linesOf(['2026-07-01 12:00:00 UTC Address: 192.0.2.9 has been released from a device']),
        { timeZone: 'Mars/Olympus' },
      ),
    );
    expect(results).toEqual([
      expect.objectContaining({ type: 'problem', reason: 'unknown time zone Mars/Olympus' }),
    ]);
  });
});
