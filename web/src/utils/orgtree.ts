// The org tree from a flat, scope-filtered unit list (units whose parent is out of scope are
// roots), the org rules the forms need (which kinds go under which), and the counts the
// overview charts show.
import type { OrgUnit, UnitKind, User } from '../api/types'

export interface TreeNode {
  id: number; label: string; kind: UnitKind; code: string; active: boolean; disabled?: boolean; children: TreeNode[]
}

export function unitLabel(u: Pick<OrgUnit, 'name' | 'name_en'>, locale: string): string {
  return locale === 'en' && u.name_en ? u.name_en : u.name
}

export interface TreeOptions {
  /** Units of other kinds are shown but disabled (a picker for a role's grant kinds). */
  selectable?: readonly UnitKind[]
}

export function buildTree(units: readonly OrgUnit[], locale: string = 'zh-CN', opts: TreeOptions = {}): TreeNode[] {
  const nodes = new Map<number, TreeNode>()
  for (const u of units) {
    const n: TreeNode = { id: u.id, label: unitLabel(u, locale), kind: u.kind, code: u.code, active: u.active !== false, children: [] }
    if (opts.selectable) n.disabled = !opts.selectable.includes(u.kind)
    nodes.set(u.id, n)
  }
  const roots: TreeNode[] = []
  for (const u of units) {
    const n = nodes.get(u.id)!
    const parent = u.parent_id !== null ? nodes.get(u.parent_id) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  return roots
}

/** Kinds that may be created under a unit of `parent` kind (null: the root) — mirrors valid_parent in src/org/org_unit.cpp. */
export function childKinds(parent: UnitKind | null): UnitKind[] {
  switch (parent) {
    case null: return ['district']
    case 'district': return ['street', 'department']
    case 'street': return ['community', 'department']
    case 'community': return ['grid']
    default: return []
  }
}

/** A code for a new child: the parent's code and the next free two-digit (grids) or three-digit suffix. */
export function suggestCode(parent: Pick<OrgUnit, 'code'>, kind: UnitKind, siblings: readonly Pick<OrgUnit, 'code'>[]): string {
  const width = kind === 'grid' || kind === 'department' ? 2 : 3
  const prefix = parent.code + (kind === 'department' ? '-D' : '-')
  let max = 0
  for (const s of siblings) {
    if (!s.code.startsWith(prefix)) continue
    const n = Number(s.code.slice(prefix.length))
    if (Number.isInteger(n) && n > max) max = n
  }
  return prefix + String(max + 1).padStart(width, '0')
}

export interface OrgStats {
  byKind: Record<UnitKind, number>
  gridsWithoutWorker: number
  /** The level the breakdown is by: streets when the scope holds some, else communities. */
  groupKind: 'street' | 'community' | null
  /** Per street (or community): communities and grids below it, and grids without a worker. */
  groups: { id: number; name: string; communities: number; grids: number; gridsWithoutWorker: number }[]
}

export function orgStats(units: readonly OrgUnit[], locale: string = 'zh-CN'): OrgStats {
  const byKind: Record<UnitKind, number> = { district: 0, street: 0, community: 0, grid: 0, department: 0 }
  for (const u of units) byKind[u.kind]++
  const groupKind = byKind.street ? 'street' : byKind.community ? 'community' : null
  const groups = units
    .filter((u) => u.kind === groupKind)
    .map((g) => ({ id: g.id, path: g.path, name: unitLabel(g, locale), communities: 0, grids: 0, gridsWithoutWorker: 0 }))
  let gridsWithoutWorker = 0
  for (const u of units) {
    const noWorker = u.kind === 'grid' && !u.worker_id
    if (noWorker) gridsWithoutWorker++
    const g = groups.find((x) => u.path.startsWith(x.path) && u.path !== x.path)
    if (!g) continue
    if (u.kind === 'community') g.communities++
    if (u.kind === 'grid') { g.grids++; if (noWorker) g.gridsWithoutWorker++ }
  }
  return { byKind, gridsWithoutWorker, groupKind, groups: groups.map(({ path: _p, ...rest }) => rest) }
}

/** Users per role (a user with two roles counts for each), in the catalogue's order. */
export function usersByRole(users: readonly Pick<User, 'grants'>[]): { role: string; name: string; count: number }[] {
  const m = new Map<string, { role: string; name: string; count: number }>()
  for (const u of users) {
    for (const role of new Set(u.grants.map((g) => g.role))) {
      const g = u.grants.find((x) => x.role === role)!
      const e = m.get(role) ?? { role, name: g.role_name, count: 0 }
      e.count++
      m.set(role, e)
    }
  }
  return [...m.values()]
}
