import { PasswordService } from '../accounts/password.service';
import { DUMMY_PASSWORD_HASH } from './session.service';

// An unknown or locked account is checked against the dummy hash: it must cost what a real
// account's check costs, so its parameters must be the ones real hashes are made with.
describe('the dummy password hash', () => {
  it('has the parameters of the hashes PasswordService makes', async () => {
    const params = (h: string) => h.split('$').slice(1, 4).join('$');
    const real = await new PasswordService().hash('any password at all');
    expect(params(DUMMY_PASSWORD_HASH)).toBe(params(real));
    expect(await new PasswordService().verify(DUMMY_PASSWORD_HASH, 'any password at all')).toBe(
      false,
    );
  });
});
