// The chaos scenarios of issue #17, each a fault injected while notices flow through intake,
// attribution and mail. run() starts the flow, injects the fault, heals it and returns when
// the fault has ended; the caller then measures how long the pipeline takes to settle.
import { ChaosRig, checkInvariants, ScenarioResult, sleep } from './rig';

export interface Scenario {
  name: string;
  // Whether SMTP replies are lost on purpose (the only case where duplicates may appear).
  repliesLost?: boolean;
  // Worker processes it needs.
  workers?: number;
  run(rig: ChaosRig, notices: number): Promise<void>;
}

// Waits until SMTP has received `count` more messages than at the start (the flow is running).
async function whenSending(rig: ChaosRig, count: number, timeoutMs = 60_000): Promise<void> {
  const start = rig.smtp.received.length;
  const deadline = Date.now() + timeoutMs;
  while (rig.smtp.received.length - start < count) {
    if (Date.now() > deadline) throw new Error('the flow did not start');
    await sleep(50);
  }
}

const flow = (rig: ChaosRig, n: number, retryMs = 60_000) =>
  rig.submit(n, { retryUntil: Date.now() + retryMs });

export const SCENARIOS: Scenario[] = [
  {
    name: 'worker kill -9 mid-batch',
    async run(rig, n) {
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 5)));
      await rig.killWorker(0);
      await submitted;
      await rig.startWorker(0);
    },
  },
  {
    name: 'Redis wiped mid-flow',
    async run(rig, n) {
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 5)));
      await rig.wipeRedis();
      await submitted;
    },
  },
  {
    name: 'database outage 5 s during a batch',
    async run(rig, n) {
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 5)));
      await rig.databaseOutage(5000);
      await submitted;
    },
  },
  {
    name: 'Redis down 5 s during intake (clients retry)',
    async run(rig, n) {
      await rig.redis.stop();
      const submitted = flow(rig, n);
      await sleep(5000);
      await rig.redis.start();
      await submitted;
    },
  },
  {
    name: 'SMTP answers 451 to half the recipients for 5 s',
    async run(rig, n) {
      let k = 0;
      rig.smtp.reply = () => (k++ % 2 === 0 ? { code: 451, message: '4.3.0 try later' } : null);
      await flow(rig, n);
      await sleep(5000);
      rig.smtp.reply = () => null;
    },
  },
  {
    name: 'SMTP answers 550 to one recipient in 20',
    async run(rig, n) {
      let k = 0;
      rig.smtp.reply = () => (k++ % 20 === 0 ? { code: 550, message: '5.1.1 no such user' } : null);
      await flow(rig, n);
      await sleep(2000);
      rig.smtp.reply = () => null;
    },
  },
  {
    name: 'SMTP hangs 8 s',
    async run(rig, n) {
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 5)));
      rig.smtp.hang = true;
      await sleep(8000);
      rig.smtp.hang = false;
      await submitted;
    },
  },
  {
    name: 'SMTP loses one 250 reply in 10 for 5 s',
    repliesLost: true,
    async run(rig, n) {
      let k = 0;
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 10)));
      rig.smtp.loseReply = () => k++ % 10 === 0;
      await sleep(5000);
      rig.smtp.loseReply = () => false;
      await submitted;
    },
  },
  {
    name: 'two workers, one killed -9 and the database out 5 s',
    workers: 2,
    async run(rig, n) {
      const submitted = flow(rig, n);
      await whenSending(rig, Math.max(1, Math.floor(n / 5)));
      await rig.killWorker(1);
      await rig.databaseOutage(5000);
      await submitted;
      await rig.startWorker(1);
    },
  },
];

// Runs one scenario on a rig and measures it: the clock for recovery starts when the fault
// has ended, and stops when every accepted notice's warning is delivered or shown as a dead
// letter and no message waits.
export async function runScenario(
  rig: ChaosRig,
  s: Scenario,
  notices: number,
  settleMs = 90_000,
): Promise<ScenarioResult> {
  rig.accepted = new Set();
  await s.run(rig, notices);
  const seconds = await rig.settle(settleMs);
  const m = await rig.measure();
  const result = {
    name: s.name,
    ...m,
    secondsToRecover: seconds ?? Number.POSITIVE_INFINITY,
    identityInLogs: rig.identityInLogs(),
  };
  return { ...result, failures: checkInvariants(result, { repliesLost: s.repliesLost ?? false }) };
}
