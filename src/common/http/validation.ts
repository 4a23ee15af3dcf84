import { BadRequestException, ValidationError, ValidationPipeOptions } from '@nestjs/common';
import type { FieldProblem } from '../errors/app-error';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// Global pipe options: unknown fields are refused, and the 400 names each field and why.
export const validationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new BadRequestException({
      code: 'validation_failed',
      message: `Invalid request: ${fields.map((f) => f.message).join('; ')}`,
      errors: fields,
    });
  },
};
