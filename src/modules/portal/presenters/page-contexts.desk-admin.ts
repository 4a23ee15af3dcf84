import type {
  BlockingOrderPage,
  BlockingOrdersPage,
  BlockingProtectedPage,
  BlockingRequestsPage,
} from '../blocking-pages';
import type { BlockingOrderNewPage, BlockingRequestNewPage } from '../blocking-form-pages';
import type { forgotPasswordPage, passwordSetPage, signInPage } from './auth.presenter';
import type { dashboardPage } from './dashboard.presenter';
import type { deadLettersPage, deliveriesPage, templatesPage } from './desk-messages.presenter';
import type { errorPage } from './error.presenter';
import type { invalidateConfirmPage } from './search-bulk.presenter';
import type { sentMessagePage } from './sent-message.presenter';
import type { timelinePage } from './timeline.presenter';
import type { userPage, usersPage } from './users.presenter';

// The desk, admin, sign-in, error and blocking pages' contexts (PageContexts extends this):
// what each presenter builds, or the blocking builders' own interfaces.
export interface DeskAdminPageContexts {
  dashboard: ReturnType<typeof dashboardPage>;
  'desk-dead-letters': ReturnType<typeof deadLettersPage>;
  'desk-deliveries': ReturnType<typeof deliveriesPage>;
  'desk-templates': ReturnType<typeof templatesPage>;
  'desk-message': ReturnType<typeof sentMessagePage>;
  'desk-timeline': ReturnType<typeof timelinePage>;
  'desk-bulk-confirm': ReturnType<typeof invalidateConfirmPage>;
  users: ReturnType<typeof usersPage>;
  user: ReturnType<typeof userPage>;
  'sign-in': ReturnType<typeof signInPage>;
  'forgot-password': ReturnType<typeof forgotPasswordPage>;
  'password-set': ReturnType<typeof passwordSetPage>;
  error: ReturnType<typeof errorPage>;
  'blocking-orders': BlockingOrdersPage;
  'blocking-order': BlockingOrderPage;
  'blocking-order-new': BlockingOrderNewPage;
  'blocking-requests': BlockingRequestsPage;
  'blocking-request-new': BlockingRequestNewPage;
  'blocking-protected': BlockingProtectedPage;
}
