// The org tree from a flat, scope-filtered unit list: units whose parent is out of scope are roots.
import type { OrgUnit } from '../api/types'

export interface TreeNode { id: number; label: string; kind: OrgUnit['kind']; code: string; children: TreeNode[] }

export function unitLabel(u: Pick<OrgUnit, 'name' | 'name_en'>, locale: string): string {
  return locale === 'en' && u.name_en ? u.name_en : u.name
}

export function buildTree(units: readonly OrgUnit[], locale: string = 'zh-CN'): TreeNode[] {
  const nodes = new Map<number, TreeNode>()
  for (const u of units) nodes.set(u.id, { id: u.id, label: unitLabel(u, locale), kind: u.kind, code: u.code, children: [] })
  const roots: TreeNode[] = []
  for (const u of units) {
    const n = nodes.get(u.id)!
    const parent = u.parent_id !== null ? nodes.get(u.parent_id) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  return roots
}
