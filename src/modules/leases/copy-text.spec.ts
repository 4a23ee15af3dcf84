import { copyRow, copyText, copyValue } from './copy-text';
import { identifierKeys, identifierKeysLiteral } from './lease-identifiers';
import type { LeaseIdentifiers } from './parsing/lease-event';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially', () => {
    expect(copyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
  });
  it('encodes null, booleans, dates and arrays', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(new Date('2026-10-04T21:13:07Z'))).toBe('2026-10-04T21:13:07.000Z');
    expect(copyValue(['mac:aa:bb', 'username:"x"'])).toBe('{"mac:aa:bb","username:\\\\"x\\\\""}');
  });
  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyRow([1, 'x', null])).toBe('1\tx\t\\N\n');
  });
});

describe('COPY text encoding of multi-line records', () => {
  it('escapes every occurrence, not only the first', () => {
    const raw = 'lease 10.0.0.1 {\n  starts 4 2026/10/01 00:00:00;\r\n\tuid "\\001";\n}';
    expect(copyValue(raw)).toBe(
      'lease 10.0.0.1 {\\n  starts 4 2026/10/01 00:00:00;\\r\\n\\tuid "\\\\001";\\n}',
    );
  });
  it('passes plain text through unchanged', () => {
    expect(copyValue('10.0.0.1,02:00:00:00:00:01,,3600')).toBe('10.0.0.1,02:00:00:00:00:01,,3600');
  });
});

describe('identifier lists as array literals', () => {
  it('match the generic array encoding, quotes and backslashes included', () => {
    const cases: LeaseIdentifiers[] = [
      { mac: '00:aa:bb:cc:dd:ee' },
      { mac: '00:aa:bb:cc:dd:ee', clientId: '01:00:aa', circuitId: 'olt-1/1/2', remoteId: 'x' },
      { username: 'bob"o\\b@isp', duid: '00:01:02' },
      {},
    ];
    for (const ids of cases) {
      expect(copyText(identifierKeysLiteral(ids))).toBe(copyValue(identifierKeys(ids)));
    }
    expect(identifierKeysLiteral({ username: 'a"b' })).toBe('{"username:a\\"b"}');
  });
});
