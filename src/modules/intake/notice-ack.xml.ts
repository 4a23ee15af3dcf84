import type { NoticeReceiptDto } from './dto/receipt.dto';

const esc = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const el = (name: string, value: string | number | null, indent: string) =>
  value === null ? '' : `${indent}<${name}>${esc(String(value))}</${name}>\n`;

/**
 * The receipt as an ACNS-style `NoticeAck` (namespace of ACNS 1.2/1.3), for clients that ask
 * for XML. Built from the complainant DTO, so it carries exactly the same whitelisted fields.
 */
export function renderNoticeAck(r: NoticeReceiptDto): string {
  const items = r.items
    .map(
      (i) =>
        `    <Item>\n` +
        el('Position', i.position, '      ') +
        el('IP_Address', i.ip, '      ') +
        el('Port', i.port, '      ') +
        el('TimeStamp', i.observedAt, '      ') +
        el('Status', i.status, '      ') +
        el('ReasonCode', i.reasonCode, '      ') +
        el('Reason', i.reason, '      ') +
        el('ExpectedAt', i.expectedAt, '      ') +
        el('ForwardedAt', i.forwardedAt, '      ') +
        `    </Item>\n`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<NoticeAck xmlns="http://www.acns.net/ACNS">\n` +
    el('Reference', r.reference, '  ') +
    `  <Case>\n${el('ID', r.caseId, '    ')}  </Case>\n` +
    el('Status', r.status, '  ') +
    el('ReceivedAt', r.receivedAt, '  ') +
    el('RefusalCode', r.refusalCode, '  ') +
    el('RefusalReason', r.refusalReason, '  ') +
    `  <Items>\n${items}  </Items>\n` +
    `</NoticeAck>\n`
  );
}
