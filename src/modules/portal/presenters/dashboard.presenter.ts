import type { Role } from '../../../common/roles';
import { ROLE_LABELS } from '../navigation';
import type { PortalDashboardService } from '../portal-dashboard.service';

// The sections of one role's dashboard, as the dashboard service reads them.
export type DashboardSections = Awaited<ReturnType<PortalDashboardService['forPrincipal']>>;

export function dashboardPage(role: Role, sections: DashboardSections) {
  return { title: `${ROLE_LABELS[role]} dashboard`, ...sections };
}
