import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderNoticeAck } from './notice-ack.xml';

describe('renderNoticeAck', () => {
  it('renders well-formed XML with escaped values', () => {
    const xml = renderNoticeAck({
      reference: 'NTC-ABC',
      status: 'accepted',
      channel: 'api',
      format: 'acns',
      caseId: 'A&B <1>',
      receivedAt: '2026-11-01T00:00:00.000Z',
      refusalCode: null,
      refusalReason: null,
      warnings: [],
      goodFaithStatement: false,
      accuracyStatement: false,
      items: [
        {
          position: 0,
          ip: '203.0.113.7',
          port: 51413,
          observedAt: '2026-10-04T21:13:07.000Z',
          status: 'refused',
          reasonCode: 'timestamp_zone',
          reason: 'timestamp "1 < 2\u0001" refused',
          expectedAt: null,
          forwardedAt: null,
          failedChecks: ['timestamp_zone'],
        },
      ],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ processEntities: true, htmlEntities: false }).parse(xml) as {
      NoticeAck: {
        Reference: string;
        Case: { ID: string };
        Items: { Item: { ReasonCode: string; Reason: string } };
      };
    };
    expect(doc.NoticeAck.Reference).toBe('NTC-ABC');
    expect(doc.NoticeAck.Case.ID).toBe('A&B <1>');
    expect(doc.NoticeAck.Items.Item).toMatchObject({
      ReasonCode: 'timestamp_zone',
      Reason: 'timestamp "1 < 2\uFFFD" refused',
    });
    // Absent values are left out, present ones kept in ACNS order.
    expect(xml).not.toMatch(/ExpectedAt|RefusalCode/);
    expect(xml.indexOf('<IP_Address>203.0.113.7<')).toBeLessThan(xml.indexOf('<Port>51413<'));
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<NoticeAck xmlns="http://www.acns.net/ACNS">',
      ),
    ).toBe(true);
  });

  it('writes an empty item list when the notice has none', () => {
    const xml = renderNoticeAck({
      reference: 'NTC-EMPTY',
      status: 'refused',
      channel: 'api',
      format: 'acns',
      caseId: null,
      receivedAt: '2026-11-01T00:00:00.000Z',
      refusalCode: 'no_reports',
      refusalReason: 'no report found',
      warnings: [],
      goodFaithStatement: false,
      accuracyStatement: false,
      items: [],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/<Items><\/Items>/);
    expect(xml).toMatch(/<RefusalCode>no_reports<\/RefusalCode>/);
  });
});
