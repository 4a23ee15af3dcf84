import 'reflect-metadata';
import { AttributionLookupForm, CreateApiKeyForm } from './dto/portal-forms.dto';
import { validateForm } from './portal-form';

describe('validateForm', () => {
  it('returns typed values and ignores the CSRF field', async () => {
    const r = await validateForm(AttributionLookupForm, {
      _csrf: 'token',
      ip: '198.51.100.1',
      port: '51413',
      at: '2026-10-04T21:13:07Z',
    });
    expect(r.ok).toBe(true);
    expect(r.value.port).toBe(51413);
  });

  it('treats empty inputs as not given and names each bad field once', async () => {
    const r = await validateForm(AttributionLookupForm, {
      ip: 'x',
      port: '',
      at: '2026-10-04 21:13',
    });
    expect(r.ok).toBe(false);
    expect(Object.keys(r.errors).sort()).toEqual(['at', 'ip']);
    expect(r.errors.at).toContain('with its zone');
  });

  it('refuses fields the form does not have', async () => {
    const r = await validateForm(CreateApiKeyForm, { name: 'k', role: 'admin' });
    expect(r.ok).toBe(false);
    expect(Object.keys(r.errors)).toEqual(['role']);
  });
});
