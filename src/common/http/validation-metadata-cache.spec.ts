import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MetadataStorage,
  validate,
  ValidateNested,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Part {
  @IsInt()
  @Max(10)
  n!: number;
}

class Whole {
  @IsString()
  name!: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Part)
  parts?: Part[];
}

const messages = async (value: object) =>
  (
    await validate(plainToInstance(Whole, value), {
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
    })
  ).flatMap(function flat(e): string[] {
    return [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(flat)];
  });

describe('cacheValidationMetadata', () => {
  const bad = { name: 7, extra: 1, parts: [{ n: 3 }, { n: 'x' }, { n: 11 }] };

  it('gives the answers class-validator gives without it, on every call', async () => {
    const before = await messages(bad);
    expect(before.length).toBeGreaterThan(3);
    cacheValidationMetadata();
    cacheValidationMetadata(); // a second install is a no-op
    expect(await messages(bad)).toEqual(before);
    expect(await messages(bad)).toEqual(before);
    expect(await messages({ name: 'ok', parts: [{ n: 1 }] })).toEqual([]);
  });

  it('looks the rules up once per class and options', () => {
    cacheValidationMetadata();
    const storage = getMetadataStorage();
    const a = storage.getTargetValidationMetadatas(Whole, '', false, false, []);
    expect(storage.getTargetValidationMetadatas(Whole, '', false, false, [])).toBe(a);
    expect(storage.getTargetValidationMetadatas(Whole, '', true, false, [])).not.toBe(a);
    expect(storage.groupByPropertyName(a)).toBe(storage.groupByPropertyName(a));
  });

  it('sees a rule registered after the first lookup', async () => {
    cacheValidationMetadata();
    class Late {
      @IsString()
      a!: string;
    }
    expect(await validate(plainToInstance(Late, { a: 'x' }))).toEqual([]);
    IsInt()(Late.prototype, 'a'); // a decorator applied later, as a lazily loaded class would
    const errors = await validate(plainToInstance(Late, { a: 'x' }));
    expect(errors.map((e) => Object.keys(e.constraints ?? {}))).toEqual([['isInt']]);
  });

  it('works on a storage of its own', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas(Whole, '', false, false, [])).toEqual([]);
  });
});
