import fc from 'fast-check';
import { cefExtension, trailingNumber } from './cgnat-a10.parser';

// The regular expression the one-pass reader replaced: values run until the next ` key=`.
function reference(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keys = [...text.matchAll(/(?:^|\s)([A-Za-z0-9_.]+)=/g)];
  keys.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < keys.length ? (keys[i + 1].index ?? text.length) : text.length;
    const value = text.slice(from, to).trim();
    out.set(
      m[1],
      value.includes('\\') ? value.replace(/\\([=\\])/g, '$1').replace(/\\n/g, '\n') : value,
    );
  });
  return out;
}

describe('cefExtension', () => {
  it('reads keys, values with spaces and escapes as CEF writes them', () => {
    const ext = cefExtension(
      'src=10.0.1.5 cn3Label=Last Port cs1=a\\=b\\\\c\\nd rt=1791234567000 x.y_z=1',
    );
    expect([...ext]).toEqual([
      ['src', '10.0.1.5'],
      ['cn3Label', 'Last Port'],
      ['cs1', 'a=b\\c\nd'],
      ['rt', '1791234567000'],
      ['x.y_z', '1'],
    ]);
    expect([...cefExtension('')]).toEqual([]);
    expect([...cefExtension('no keys here')]).toEqual([]);
    // Only the keys asked for; the others still end the value before them.
    expect([
      ...cefExtension('src=10.0.1.5 cn3Label=Last Port rt=1', new Set(['src', 'rt'])),
    ]).toEqual([
      ['src', '10.0.1.5'],
      ['rt', '1'],
    ]);
  });

  it('reads any text exactly as the regular expression did', () => {
    const piece = fc.constantFrom(
      'src',
      'rt',
      'cn3',
      'a.b',
      'k_1',
      '=',
      '==',
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\\',
      '\\=',
      '\\n',
      'x',
      'Last Port',
      '10.0.0.1',
      '-',
      '|',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect([...cefExtension(text)]).toEqual([...reference(text)]);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('trailingNumber', () => {
  it('reads the number that ends a signature exactly as the regular expression did', () => {
    const reference = (s: string) => /(?:^|\s)(\d+)$/.exec(s.trim())?.[1] ?? '';
    expect(trailingNumber('CGN 106')).toBe('106');
    expect(trailingNumber(' 107 ')).toBe('107');
    expect(trailingNumber('CGN-106')).toBe('');
    const piece = fc.constantFrom('CGN', ' ', '\t', '\u00a0', '1', '06', '-', 'x', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(trailingNumber(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
});
