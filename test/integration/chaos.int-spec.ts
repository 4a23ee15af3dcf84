import { ChaosRig } from '../../bench/chaos/rig';
import { runScenario, SCENARIOS } from '../../bench/chaos/scenarios';

// The fast subset of the chaos suite (issue #17; the whole suite is `npm run chaos`): a worker
// process killed with -9 mid-batch, Redis wiped mid-flow, and the database refusing
// connections during a batch. Real processes and faults: a worker started as deployed
// (MODE=worker), a private redis-server, an SMTP sink, this spec's own database.
describe('chaos: nothing accepted is lost', () => {
  let rig: ChaosRig;
  const NOTICES = 40;

  beforeAll(async () => {
    rig = await ChaosRig.start({
      workers: 1,
      templateDb: process.env.NR_TEST_TEMPLATE_DB,
      smtpSocketTimeoutMs: 30_000,
    });
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  const scenario = (name: string) => {
    const s = SCENARIOS.find((x) => x.name.startsWith(name));
    if (!s) throw new Error(`no scenario ${name}`);
    return s;
  };

  it.each(['worker kill -9', 'Redis wiped', 'database outage'])(
    '%s: every accepted notice stored and warned, nothing stuck, recovered within 30 s',
    async (name) => {
      const r = await runScenario(rig, scenario(name), NOTICES, 60_000);
      expect(r.accepted).toBe(NOTICES);
      expect(r.stored).toBe(NOTICES);
      expect(r.expectedWarnings).toBe(NOTICES);
      // Delivered, or a dead letter the desk sees (a send cut off by the kill: outcome unknown).
      expect(r.deliveredUnique + r.parked).toBe(NOTICES);
      expect(r.lost).toBe(0);
      expect(r.stuck).toBe(0);
      // A resend is always marked a possible duplicate; and as no reply was lost, no message
      // reached SMTP twice.
      expect(r.unmarkedDuplicates).toBe(0);
      expect(r.duplicates).toBe(0);
      expect(r.secondsToRecover).toBeLessThan(30);
      expect(r.identityInLogs).toBe(false);
      expect(r.failures).toEqual([]);
    },
    180_000,
  );
});
