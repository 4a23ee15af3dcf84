import { XMLBuilder } from 'fast-xml-parser';
import type { NoticeReceiptDto } from './dto/receipt.dto';

const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

// Characters XML 1.0 cannot carry at all, even escaped (a sender's text quoted in a reason may
// hold them); the builder escapes the rest.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g; // eslint-disable-line no-control-regex

// An absent field is left out, as before; a value is written as text.
const value = (v: string | number | null): string | undefined =>
  v === null ? undefined : String(v).replace(NOT_XML, '\uFFFD');

/**
 * The receipt as an ACNS-style `NoticeAck` (namespace of ACNS 1.2/1.3), for clients that ask
 * for XML. Built from the complainant DTO, so it carries exactly the same whitelisted fields.
 */
export function renderNoticeAck(r: NoticeReceiptDto): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    NoticeAck: {
      '@_xmlns': 'http://www.acns.net/ACNS',
      Reference: value(r.reference),
      Case: { ID: value(r.caseId) },
      Status: value(r.status),
      ReceivedAt: value(r.receivedAt),
      RefusalCode: value(r.refusalCode),
      RefusalReason: value(r.refusalReason),
      Items: {
        Item: r.items.map((i) => ({
          Position: value(i.position),
          IP_Address: value(i.ip),
          Port: value(i.port),
          TimeStamp: value(i.observedAt),
          Status: value(i.status),
          ReasonCode: value(i.reasonCode),
          Reason: value(i.reason),
          ExpectedAt: value(i.expectedAt),
          ForwardedAt: value(i.forwardedAt),
        })),
      },
    },
  });
}
