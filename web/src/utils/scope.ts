// The org-unit switcher's logic: the distinct org units a user holds grants on, and the unit the
// pages narrow their lists to (only for users with several: one grant is its own scope).
import type { Grant, UnitKind } from '../api/types'

export interface GrantOrg { id: number; label: string; kind: UnitKind }

export function grantOrgs(grants: readonly Grant[]): GrantOrg[] {
  const seen = new Map<number, GrantOrg>()
  for (const g of grants) {
    const prev = seen.get(g.org_id)
    if (prev) prev.label = prev.label.replace(/）$/, `、${g.role_name}）`)
    else seen.set(g.org_id, { id: g.org_id, label: `${g.org_name}（${g.role_name}）`, kind: g.org_kind })
  }
  return [...seen.values()]
}

/** The org unit pages show (the `within` / `org_id` filter), or null for "all of my scope". */
export function scopeOrgId(grants: readonly Grant[], activeOrgId: number | null | undefined): number | null {
  const orgs = grantOrgs(grants)
  if (orgs.length < 2) return null
  return orgs.some((o) => o.id === activeOrgId) ? activeOrgId! : orgs[0].id
}
