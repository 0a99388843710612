// Org-unit reads shared by the pages: every page of a list, and the role catalogue (cached).
import { api } from './http'
import type { OrgUnit, Page, RoleInfo } from './types'

/** All units matching `query` (keyset pages of 2000 until the last). */
export async function fetchAllUnits(query: Record<string, string | number | boolean | undefined | null> = {}): Promise<OrgUnit[]> {
  const all: OrgUnit[] = []
  let after: number | null = 0
  while (after !== null) {
    const page: Page<OrgUnit> = await api<Page<OrgUnit>>('/org/units', { query: { ...query, limit: 2000, after } })
    all.push(...page.items)
    after = page.next_after
  }
  return all
}

let roles: Promise<RoleInfo[]> | null = null
export function fetchRoles(): Promise<RoleInfo[]> {
  roles ??= api<{ items: RoleInfo[] }>('/roles').then((r) => r.items).catch((e) => { roles = null; throw e })
  return roles
}
