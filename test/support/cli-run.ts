import { runCli } from '../../src/cli/program';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

// Runs the CLI in this process with the given environment, collecting what it prints.
export async function runCliWith(env: NodeJS.ProcessEnv, argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
