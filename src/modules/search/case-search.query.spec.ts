import { parseCaseSearch, parsePrefix } from './case-search.query';

describe('parseCaseSearch', () => {
  it('reads every filter into typed values', () => {
    const { query, errors } = parseCaseSearch({
      q: ' orchard ',
      ip: '198.51.100.7/24',
      port: '6881',
      seenFrom: '2026-10-04T21:00',
      seenTo: '2026-10-05',
      from: '2026-10-01',
      to: '2026-10-02',
      subscriber: 'SUB-7K2M9Q',
      status: 'refused',
      reason: 'VA-3',
      message: 'dead',
      challenge: 'open',
      sort: 'port',
      dir: 'asc',
      size: '50',
      page: '3',
    });
    expect(errors).toEqual({});
    expect(query.filters).toMatchObject({
      text: 'orchard',
      prefix: '198.51.100.0/24',
      port: 6881,
      subscriberRef: 'SUB-7K2M9Q',
      itemStatus: 'refused',
      reasonCode: 'VA-3',
      messageStatus: 'dead',
      challengeStatus: 'open',
    });
    expect(query.filters.seenFrom?.toISOString()).toBe('2026-10-04T21:00:00.000Z');
    // A bare day as the end includes the whole day.
    expect(query.filters.seenTo?.toISOString()).toBe('2026-10-06T00:00:00.000Z');
    expect(query.filters.receivedTo?.toISOString()).toBe('2026-10-03T00:00:00.000Z');
    expect(query).toMatchObject({ sort: 'port', descending: false, pageSize: 50, page: 3 });
  });

  it('names each field that is wrong', () => {
    const { errors } = parseCaseSearch({
      q: 'ab',
      ip: '300.1.1.1',
      port: '65536',
      seenFrom: '2026-02-30T10:00',
      from: '2026-10-05',
      to: '2026-10-04',
      subscriber: 'Jane Doe',
      sender: 'not-a-uuid',
      status: 'lost',
      message: 'x',
    });
    expect(Object.keys(errors).sort()).toEqual(
      ['ip', 'message', 'port', 'q', 'seenFrom', 'sender', 'status', 'subscriber', 'to'].sort(),
    );
  });

  it('falls back to safe defaults for sort, direction and page size', () => {
    const { query, echo } = parseCaseSearch({ sort: 'id; drop', dir: 'up', size: '1000' });
    expect(query).toMatchObject({ sort: 'received', descending: true, pageSize: 25, page: 1 });
    expect(echo).toEqual({});
  });
});

describe('parsePrefix', () => {
  it('gives a CIDR for an address or a prefix, IPv4 and IPv6', () => {
    expect(parsePrefix('198.51.100.7')).toBe('198.51.100.7/32');
    expect(parsePrefix('2001:db8::1')).toBe('2001:db8::1/128');
    expect(parsePrefix('2001:db8:0:0:1::/64')).toBe('2001:db8::/64');
    expect(parsePrefix('::ffff:198.51.100.7')).toBe('198.51.100.7/32');
    expect(parsePrefix('198.51.100.0/33')).toBeNull();
    expect(parsePrefix('example.org')).toBeNull();
  });
});
