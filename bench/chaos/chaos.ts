// npm run chaos — the fault-injection suite of issue #17 (bench/chaos/scenarios.ts): each
// scenario runs notices through intake (this process, MODE=api), attribution and mail (worker
// processes) against a private database, redis-server and SMTP sink, injects its fault,
// heals it, and prints one table row; the invariants are checked and a broken one fails the
// run (exit code 1).
//   npm run chaos -- [--notices 200] [--only <text in a scenario name>] [--log-level info]
import { ChaosRig, TABLE_HEADER, tableRow } from './rig';
import { runScenario, SCENARIOS } from './scenarios';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const notices = Number(arg('notices') ?? 200);
  const only = arg('only');
  const scenarios = SCENARIOS.filter((s) => !only || s.name.includes(only));
  const results = [];
  console.log(`chaos: ${scenarios.length} scenarios, ${notices} notices each\n`);
  console.log(TABLE_HEADER);
  for (const s of scenarios) {
    let rig: ChaosRig | null = null;
    try {
      rig = await ChaosRig.start({ workers: s.workers ?? 1, logLevel: arg('log-level') });
      const r = await runScenario(rig, s, notices);
      results.push(r);
      console.log(tableRow(r));
      if (r.parked || r.duplicates) {
        console.log(
          `|   ↳ dead letters shown to the desk: ${r.parked}; duplicates marked: ${r.duplicates - r.unmarkedDuplicates} of ${r.duplicates} | | | | | | | | |`,
        );
      }
    } catch (e) {
      console.log(`| ${s.name} | failed to run: ${(e as Error).message} | | | | | | | |`);
      results.push({ name: s.name, failures: [(e as Error).message] });
    } finally {
      await rig?.stop();
    }
  }
  const failed = results.filter((r) => r.failures.length);
  console.log('');
  for (const r of failed) console.log(`FAIL ${r.name}: ${r.failures.join('; ')}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

void main();
