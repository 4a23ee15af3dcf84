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
          reason: 'timestamp "1 < 2" refused',
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
      Reason: 'timestamp "1 < 2" refused',
    });
  });
});
