import { Role } from '../../common/roles';
import { navigationFor, safeNextPath } from './navigation';

describe('portal navigation', () => {
  it('offers each role only its own pages', () => {
    const labels = (role: Role) => navigationFor(role, '/portal').map((l) => l.label);
    expect(labels(Role.Complainant)).toEqual([
      'Dashboard',
      'Submit a notice',
      'My notices',
      'API keys',
      'Disclosure requests',
      'Blocking orders',
      'Blocking updates',
    ]);
    expect(labels(Role.AbuseDesk)).toEqual([
      'Dashboard',
      'Notices',
      'Search',
      'Quarantine',
      'Lease imports',
      'Attribution lookup',
      'Challenges',
      'Dead letters',
      'Deliveries',
      'Escalations',
      'Templates',
      'Organisations',
      'Blocking orders',
      'Blocking updates',
      'Protected list',
    ]);
    expect(labels(Role.Legal)).toEqual([
      'Dashboard',
      'Attribution lookup',
      'Disclosure review',
      'Subscriber identity',
      'Legal holds',
      'Senders',
      'Escalations',
      'Audit log',
      'Organisations',
      'Blocking orders',
      'Blocking updates',
      'Protected list',
    ]);
    expect(labels(Role.Admin)).toContain('Users');
    expect(labels(Role.Resolver)).toEqual([]);
  });

  it('marks the current page', () => {
    const current = navigationFor(Role.Admin, '/portal/admin/users').filter((l) => l.current);
    expect(current.map((l) => l.label)).toEqual(['Users']);
    expect(navigationFor(Role.Admin, '/portal').find((l) => l.current)?.label).toBe('Dashboard');
    // The most specific entry only, and a notice's page under its list.
    const counsel = (path: string) =>
      navigationFor(Role.Complainant, path)
        .filter((l) => l.current)
        .map((l) => l.label);
    expect(counsel('/portal/notices/new')).toEqual(['Submit a notice']);
    expect(counsel('/portal/notices')).toEqual(['My notices']);
    expect(counsel('/portal/notices/NTC-ABC')).toEqual(['My notices']);
    expect(counsel('/portal/noticesx')).toEqual([]);
  });

  it('follows only portal paths after sign-in', () => {
    expect(safeNextPath('/portal/legal/audit?before=10')).toBe('/portal/legal/audit?before=10');
    expect(safeNextPath('https://evil.example/portal')).toBe('/portal');
    expect(safeNextPath('//evil.example')).toBe('/portal');
    expect(safeNextPath('/portalx')).toBe('/portal');
    expect(safeNextPath('/portal/../api/v1/users')).toBe('/portal');
    expect(safeNextPath('/portal/sign-in')).toBe('/portal');
    expect(safeNextPath(['/portal/x'])).toBe('/portal');
  });
});
