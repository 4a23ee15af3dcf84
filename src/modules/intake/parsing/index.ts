export * from './parsed-notice';
export { parseAcnsXml } from './acns-xml.parser';
export { extractFromEmail } from './email-extract';
export { parseXarf4Json, parseXarf02Report } from './xarf.parser';
export { parseNoticeTimestamp, type NoticeTimestamp } from './timestamp';
export { parseFileSize } from './file-size';
export { sniffAndParse } from './sniff-and-parse';
