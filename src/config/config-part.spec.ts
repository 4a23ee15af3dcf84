import { IsOptional, Matches, MinLength } from 'class-validator';
import { readConfigPart } from './config-part';

class SampleEnv {
  @Matches(/^[a-z]+$/, { message: 'only lower-case letters' })
  SAMPLE_NAME = 'default';

  @IsOptional()
  @MinLength(3)
  SAMPLE_TOKEN?: string;
}

const read = (env: NodeJS.ProcessEnv) =>
  readConfigPart(SampleEnv, env, ['SAMPLE_TOKEN'], (vars) => ({ ...vars }));

describe('readConfigPart', () => {
  it('reads declared and optional variables, ignores others, and counts empty as unset', () => {
    const part = read({ SAMPLE_NAME: '', SAMPLE_TOKEN: 'abcd', PATH: '/bin' });
    expect(part.problems).toEqual([]);
    expect(part.build()).toEqual({ SAMPLE_NAME: 'default', SAMPLE_TOKEN: 'abcd' });
  });

  it('names the variable in every problem, with or without a message of its own', () => {
    expect(read({ SAMPLE_NAME: 'Upper', SAMPLE_TOKEN: 'ab' }).problems).toEqual([
      'SAMPLE_NAME: only lower-case letters',
      'SAMPLE_TOKEN must be longer than or equal to 3 characters',
    ]);
  });
});
