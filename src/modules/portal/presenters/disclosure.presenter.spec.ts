import { disclosureRequestFormPage, statusLabel } from './disclosure.presenter';

describe('disclosure presenters', () => {
  it('shows a blank request form with the 14-day objection window and nothing ticked', () => {
    const page = disclosureRequestFormPage({}, {});
    expect(page.form).toEqual({
      issuingBody: '',
      caseNumber: '',
      noticeReferences: '',
      objectionWindowDays: '14',
      respondBy: '',
    });
    expect(page.fields.some((f) => f.checked)).toBe(false);
    expect(page.kinds.some((k) => k.selected)).toBe(false);
    expect(page.summary).toEqual([]);
  });

  it('keeps what was typed, one ticked field or several, and lists the errors', () => {
    const [first, second] = disclosureRequestFormPage({}, {}).fields.map((f) => f.value);
    const one = disclosureRequestFormPage({ allowedFields: first, caseNumber: 'C-1' }, {});
    expect(one.fields.filter((f) => f.checked).map((f) => f.value)).toEqual([first]);
    expect(one.form.caseNumber).toBe('C-1');
    const both = disclosureRequestFormPage(
      { allowedFields: [first, second] },
      { caseNumber: 'Give the case number' },
    );
    expect(both.fields.filter((f) => f.checked).map((f) => f.value)).toEqual([first, second]);
    expect(both.summary).toEqual([{ field: 'caseNumber', message: 'Give the case number' }]);
  });

  it('puts statuses in words', () => {
    expect(statusLabel('waiting_window')).toBe('waiting window');
  });
});
