// The side menu: one entry per page, shown when the caller holds one of its permissions (and,
// for role-specific pages, one of its roles). `elder: true` entries are the few kept in the
// simplified (适老化) menu.
import type { Permission } from '../api/types'

export interface MenuItem {
  name: string; path: string; title: string
  /** Shown with any of these permissions. */
  perm: Permission | readonly Permission[]
  /** Shown only to holders of one of these roles (grant role codes). */
  roles?: readonly string[]
  elder: boolean
}

// The overview is for officers: the roles that may read users (district, street, community,
// party secretary) — grid workers and department staff start on the map instead.
export const KPI_ROLES = ['sysadmin', 'district_officer', 'street_officer', 'community_worker', 'department_staff'] as const

export const MENU: MenuItem[] = [
  { name: 'overview', path: '/overview', title: 'menu.overview', perm: 'user.read', elder: true },
  { name: 'map', path: '/map', title: 'menu.map', perm: 'org.read', elder: true },
  { name: 'dashboard', path: '/dashboard', title: 'menu.dashboard', perm: 'event.supervise', roles: ['sysadmin', 'district_officer', 'street_officer'], elder: false },
  { name: 'eventReport', path: '/events/new', title: 'menu.eventReport', perm: 'event.report', elder: true },
  { name: 'events', path: '/events', title: 'menu.events', perm: ['event.read', 'event.report'], elder: true },
  { name: 'kpi', path: '/kpi', title: 'menu.kpi', perm: 'event.read', roles: KPI_ROLES, elder: false },
  { name: 'supervision', path: '/supervision', title: 'menu.supervision', perm: 'event.read', roles: KPI_ROLES, elder: false },
  { name: 'inbox', path: '/inbox', title: 'menu.inbox', perm: 'event.read', roles: ['department_staff'], elder: true },
  { name: 'people', path: '/register/people', title: 'reg.menu.people', perm: 'people.read', elder: false },
  { name: 'addresses', path: '/register/addresses', title: 'reg.menu.addresses', perm: 'people.read', elder: false },
  { name: 'organisations', path: '/register/organisations', title: 'reg.menu.organisations', perm: 'people.read', elder: false },
  { name: 'registerStats', path: '/register/stats', title: 'reg.menu.stats', perm: 'people.read', elder: false },
  { name: 'import', path: '/register/import', title: 'reg.menu.import', perm: 'register.manage', elder: false },
  { name: 'sources', path: '/register/sources', title: 'reg.menu.sources', perm: 'register.manage', elder: false },
  { name: 'batches', path: '/register/batches', title: 'reg.menu.batches', perm: 'register.manage', elder: false },
  { name: 'reviews', path: '/register/reviews', title: 'reg.menu.reviews', perm: 'register.manage', elder: false },
  { name: 'org', path: '/org', title: 'menu.org', perm: 'org.read', elder: false },
  { name: 'users', path: '/users', title: 'menu.users', perm: 'user.read', elder: false },
  { name: 'audit', path: '/audit', title: 'menu.audit', perm: 'audit.read', elder: false },
  { name: 'profile', path: '/profile', title: 'menu.profile', perm: 'self', elder: true },
  { name: 'messages', path: '/messages', title: 'menu.messages', perm: 'self', elder: true },
]

/** The caller may open this entry's page. */
export function allowed(m: Pick<MenuItem, 'perm' | 'roles'>, perms: readonly Permission[], roles: readonly string[] = []): boolean {
  const need = typeof m.perm === 'string' ? [m.perm] : m.perm
  if (!need.some((p) => perms.includes(p))) return false
  return !m.roles || m.roles.some((r) => roles.includes(r))
}

export function menuFor(perms: readonly Permission[], elder: boolean, roles: readonly string[] = []): MenuItem[] {
  return MENU.filter((m) => allowed(m, perms, roles) && (!elder || m.elder))
}

/** The first page the caller may open (the home page). */
export function homeFor(perms: readonly Permission[], roles: readonly string[] = []): string {
  return MENU.find((m) => allowed(m, perms, roles))?.path ?? '/profile'
}
