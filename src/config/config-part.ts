import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeProblems } from './config-error';

// One concern's variables (a class of class-validator rules), read and checked on their own;
// `build` turns them into that concern's part of AppConfig once every part is valid.
export interface ConfigPart<E, C> {
  vars: E;
  problems: string[];
  build(): C;
}

export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

export const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

// Reads the variables `Vars` declares, and `optional` ones that have no default. Unknown
// variables are ignored (the environment holds PATH, HOME...); empty strings count as unset.
export function readConfigPart<E extends object, C>(
  Vars: new () => E,
  env: NodeJS.ProcessEnv,
  optional: readonly (keyof E & string)[],
  build: (vars: E) => C,
): ConfigPart<E, C> {
  const input: Record<string, string> = {};
  for (const key of [...Object.keys(new Vars()), ...optional]) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const vars = plainToInstance(Vars, input, { exposeDefaultValues: true });
  const problems = describeProblems(validateSync(vars, { stopAtFirstError: true }));
  return { vars, problems, build: () => build(vars) };
}
