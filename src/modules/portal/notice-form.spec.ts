import {
  blankRows,
  MAX_FORM_ROWS,
  mediaTypeOfUpload,
  rowCountOf,
  rowsOf,
  toSubmission,
  validateRows,
} from './notice-form';
import type { NoticeForm } from './dto/portal-forms.dto';

const row = (over: Record<string, string>) => ({ ...blankRows(1)[0], ...over });

describe('counsel notice form', () => {
  it('bounds the posted row count', () => {
    expect(rowCountOf({ rows: '10' })).toBe(10);
    expect(rowCountOf({ rows: '0' })).toBe(5);
    expect(rowCountOf({ rows: 'lots' })).toBe(5);
    expect(rowCountOf({ rows: '100000' })).toBe(MAX_FORM_ROWS);
  });

  it('reads rows by number and keeps what was typed', () => {
    const rows = rowsOf({ 'ip-2': ' 198.51.100.7 ', 'at-2': 'x', 'protocol-1': 'eMule' }, 3);
    expect(rows).toHaveLength(3);
    expect(rows[0].protocol).toBe('eMule');
    expect(rows[1]).toMatchObject({ ip: ' 198.51.100.7 ', at: 'x', port: '' });
    expect(rows[2].ip).toBe('');
  });

  it('skips blank rows and turns filled ones into items', () => {
    const { items, errors } = validateRows([
      row({ ip: '198.51.100.7', port: '51413', at: '2026-10-04T21:13:07Z', hash: 'A'.repeat(40) }),
      row({}),
      row({ ip: '2001:db8::1', at: '2026-10-04T23:13:07+02:00', title: 'Another film' }),
    ]);
    expect(errors).toEqual({});
    expect(items).toEqual([
      {
        ip: '198.51.100.7',
        port: 51413,
        observedAt: '2026-10-04T21:13:07Z',
        protocol: 'BitTorrent',
        hash: 'a'.repeat(40),
        hashType: 'SHA1',
      },
      {
        ip: '2001:db8::1',
        observedAt: '2026-10-04T23:13:07+02:00',
        protocol: 'BitTorrent',
        title: 'Another film',
      },
    ]);
  });

  it('names the row and the field of each mistake (VA-3: seconds and zone)', () => {
    const { errors } = validateRows([
      row({ ip: '198.51.100.7', at: '2026-10-04 21:13:07' }),
      row({ ip: '198.51.100.7', at: '2026-10-04T21:13Z', port: '65536' }),
      row({ ip: '300.1.1.1', at: '', hash: 'abc', protocol: '' }),
    ]);
    expect(errors['at-1']).toMatch(/^Row 1, time: time "2026-10-04 21:13:07" has no time zone/);
    expect(errors['at-2']).toMatch(/^Row 2, time: .*give the time to the second/);
    expect(errors['port-2']).toBe('Row 2, source port: enter a whole number from 0 to 65535');
    expect(errors['ip-3']).toMatch(/^Row 3, IP address:/);
    expect(errors['at-3']).toMatch(/^Row 3, time: enter when it was seen/);
    expect(errors['hash-3']).toMatch(/^Row 3, infohash:/);
    expect(errors['protocol-3']).toMatch(/^Row 3, protocol:/);
  });

  it('asks for at least one item', () => {
    expect(validateRows(blankRows(5)).errors).toEqual({
      'ip-1': 'Row 1, IP address: list at least one item (address, port and time)',
    });
  });

  it('builds our JSON notice with both statements', () => {
    const form = {
      caseId: ' C-1 ',
      owner: 'Owner',
      title: 'Film',
      claimantName: 'Vendor',
      claimantAddress: '1 Road',
      claimantEmail: 'a@b.example',
      goodFaith: 'yes',
      accuracy: 'yes',
    } as NoticeForm;
    const items = [{ ip: '198.51.100.7', observedAt: 't', protocol: 'BitTorrent' }];
    expect(toSubmission(form, items)).toEqual({
      caseId: 'C-1',
      owner: 'Owner',
      title: 'Film',
      claimant: { name: 'Vendor', address: '1 Road', email: 'a@b.example' },
      items,
      goodFaithStatement: true,
      accuracyStatement: true,
    });
  });

  it('tells an ACNS file from an e-mail by name, declared type or first bytes', () => {
    const xml = Buffer.from('\uFEFF  <?xml version="1.0"?><Infringement/>');
    const eml = Buffer.from('From: a@b.example\r\n\r\nbody');
    expect(mediaTypeOfUpload('n.EML', 'application/octet-stream', xml)).toBe('message/rfc822');
    expect(mediaTypeOfUpload('n.xml', null, eml)).toBe('application/xml');
    expect(mediaTypeOfUpload(null, 'text/xml', eml)).toBe('application/xml');
    expect(mediaTypeOfUpload(null, null, xml)).toBe('application/xml');
    expect(mediaTypeOfUpload(null, null, Buffer.from('{"caseId":"x"}'))).toBe('application/json');
    expect(mediaTypeOfUpload('notice.txt', 'text/plain', eml)).toBe('message/rfc822');
  });
});
