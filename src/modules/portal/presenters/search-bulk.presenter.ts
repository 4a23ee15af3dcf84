import { errorSummary, FieldErrors } from '../portal-form';

// Marking notices invalid from the search results, step 1: the selected references, the
// reason field and the confirm button; `back` returns to the search they came from.
export function invalidateConfirmPage(
  refs: string[],
  errors: FieldErrors,
  reason: string,
  back: string,
) {
  return {
    title: 'Confirm: mark notices invalid',
    refs,
    count: refs.length,
    reason,
    back,
    errors,
    summary: errorSummary(errors),
  };
}
