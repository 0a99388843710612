// The side menu: one entry per page, shown when the caller holds its permission.
// `elder: true` entries are the few kept in the simplified (适老化) menu.
import type { Permission } from '../api/types'

export interface MenuItem { name: string; path: string; title: string; perm: Permission; elder: boolean }

// The overview is for officers: the roles that may read users (district, street, community,
// party secretary) — grid workers and department staff start on the map instead.
export const MENU: MenuItem[] = [
  { name: 'overview', path: '/overview', title: 'menu.overview', perm: 'user.read', elder: true },
  { name: 'map', path: '/map', title: 'menu.map', perm: 'org.read', elder: true },
  { name: 'org', path: '/org', title: 'menu.org', perm: 'org.read', elder: false },
  { name: 'users', path: '/users', title: 'menu.users', perm: 'user.read', elder: false },
  { name: 'audit', path: '/audit', title: 'menu.audit', perm: 'audit.read', elder: false },
  { name: 'profile', path: '/profile', title: 'menu.profile', perm: 'self', elder: true },
]

export function menuFor(perms: readonly Permission[], elder: boolean): MenuItem[] {
  return MENU.filter((m) => perms.includes(m.perm) && (!elder || m.elder))
}

/** The first page the caller may open (the home page). */
export function homeFor(perms: readonly Permission[]): string {
  return MENU.find((m) => perms.includes(m.perm))?.path ?? '/profile'
}
