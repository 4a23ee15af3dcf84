import type { apiKeysPage } from './api-keys.presenter';
import type { noticeFormPage, noticeReceiptPage, noticesPage } from './counsel-notices.presenter';
import type {
  disclosureRequestFormPage,
  disclosureRequestPage,
  disclosureRequestsPage,
  legalQueuePage,
  legalRequestPage,
} from './disclosure.presenter';
import type { holdPage, holdsPage, identityPage, senderPage, sendersPage } from './legal.presenter';

// The counsel, disclosure and legal pages' contexts: what their presenters build.
// PageContexts (page-contexts.ts) extends this, so PortalViewService.send checks them.
export interface CounselLegalPageContexts {
  notices: ReturnType<typeof noticesPage>;
  'notice-new': ReturnType<typeof noticeFormPage>;
  'notice-receipt': ReturnType<typeof noticeReceiptPage>;
  'disclosure-request-new': ReturnType<typeof disclosureRequestFormPage>;
  'disclosure-request': ReturnType<typeof disclosureRequestPage>;
  'disclosure-requests': ReturnType<typeof disclosureRequestsPage>;
  'legal-disclosure-queue': ReturnType<typeof legalQueuePage>;
  'legal-disclosure-request': ReturnType<typeof legalRequestPage>;
  'legal-hold': ReturnType<typeof holdPage>;
  'legal-holds': ReturnType<typeof holdsPage>;
  'legal-identity': ReturnType<typeof identityPage>;
  'legal-sender': ReturnType<typeof senderPage>;
  'legal-senders': ReturnType<typeof sendersPage>;
  'api-keys': ReturnType<typeof apiKeysPage>;
}
