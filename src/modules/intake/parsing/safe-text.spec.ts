import { safeDisplayText } from './safe-text';

describe('safeDisplayText', () => {
  it('collapses control characters and line breaks', () => {
    expect(safeDisplayText('Film\r\nYOUR ISP SAYS:\tpay now\u0007', 100)).toBe(
      'Film YOUR ISP SAYS: pay now',
    );
  });

  it('removes bidirectional overrides and isolates', () => {
    const spoof = 'invoice\u202Egpj.exe\u202C and \u2066x\u2069';
    expect(safeDisplayText(spoof, 100)).toBe('invoicegpj.exe and x');
    expect(safeDisplayText(spoof, 100)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('caps the length without splitting a character', () => {
    const out = safeDisplayText('é'.repeat(500), 300);
    expect([...(out ?? '')]).toHaveLength(300);
    expect(out?.endsWith('…')).toBe(true);
  });

  it('gives null for nothing left', () => {
    expect(safeDisplayText('\u202E\n\t', 10)).toBeNull();
    expect(safeDisplayText(null, 10)).toBeNull();
  });
});
