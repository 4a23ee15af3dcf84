import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CSRF_FIELD } from './portal-csrf.service';

export type FieldErrors = Record<string, string>;

// What a page shown again after a form post carries besides its own data: the messages beside
// the fields, the values typed, a confirmation line, and the HTTP status.
export interface FormPageState {
  errors?: FieldErrors;
  form?: Record<string, string>;
  notice?: string;
  status?: number;
}

export interface FormResult<T> {
  value: T;
  // Field name -> first message, shown next to the field and in the summary at the top.
  errors: FieldErrors;
  ok: boolean;
}

// Forms are validated here rather than by the global pipe, so a mistake re-renders the form
// with each message beside its field instead of answering a JSON 400.
export async function validateForm<T extends object>(
  cls: new () => T,
  body: unknown,
): Promise<FormResult<T>> {
  const raw: Record<string, unknown> = { ...((body as Record<string, unknown>) ?? {}) };
  delete raw[CSRF_FIELD];
  // Empty inputs mean "not given", as for an unset optional field.
  for (const [k, v] of Object.entries(raw)) if (v === '') delete raw[k];
  const value = plainToInstance(cls, raw);
  const problems = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  const errors: FieldErrors = {};
  for (const p of problems) {
    errors[p.property] ??= Object.values(p.constraints ?? {})[0] ?? 'is not valid';
  }
  return { value, errors, ok: problems.length === 0 };
}

export function errorSummary(errors: FieldErrors): Array<{ field: string; message: string }> {
  return Object.entries(errors).map(([field, message]) => ({ field, message }));
}

// A form echoed into a strict view: every field the view reads, blank when not sent.
export function withBlanks(
  fields: readonly string[],
  form: Record<string, string>,
): Record<string, string> {
  return { ...Object.fromEntries(fields.map((f) => [f, ''])), ...form };
}
