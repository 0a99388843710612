// Unit tests for the org helpers behind the 组织架构 page, the pickers and the overview charts.
import { describe, expect, it } from 'vitest'
import { buildTree, childKinds, orgStats, suggestCode, usersByRole } from './orgtree'
import { diffSnapshots } from './history'
import type { OrgUnit } from '../api/types'

let nextId = 1
function unit(kind: OrgUnit['kind'], parent: OrgUnit | null, extra: Partial<OrgUnit> = {}): OrgUnit {
  const id = nextId++
  return {
    id, parent_id: parent?.id ?? null, kind, code: String(id), name: `${kind}${id}`, name_en: '', path: `${parent?.path ?? '/'}${id}/`,
    area_m2: null, worker_id: null, worker_name: '', active: true, version: 1, ...extra,
  }
}

describe('org rules', () => {
  it('childKinds mirrors valid_parent', () => {
    expect(childKinds(null)).toEqual(['district'])
    expect(childKinds('district')).toEqual(['street', 'department'])
    expect(childKinds('street')).toEqual(['community', 'department'])
    expect(childKinds('community')).toEqual(['grid'])
    expect(childKinds('grid')).toEqual([])
    expect(childKinds('department')).toEqual([])
  })
  it('suggestCode continues the siblings’ numbering', () => {
    const c = { code: '110105-001-001' }
    expect(suggestCode(c, 'grid', [{ code: '110105-001-001-01' }, { code: '110105-001-001-07' }])).toBe('110105-001-001-08')
    expect(suggestCode({ code: '110105' }, 'street', [{ code: '110105-003' }, { code: '110105-D01' }])).toBe('110105-004')
    expect(suggestCode({ code: '110105' }, 'department', [{ code: '110105-D09' }])).toBe('110105-D10')
    expect(suggestCode({ code: 'X' }, 'community', [])).toBe('X-001')
  })
})

describe('buildTree for pickers', () => {
  it('disables the kinds a role may not be granted on and marks inactive units', () => {
    const d = unit('district', null)
    const s = unit('street', d)
    const c = unit('community', s, { active: false })
    const tree = buildTree([d, s, c], 'zh-CN', { selectable: ['street', 'community'] })
    expect(tree[0].disabled).toBe(true)
    expect(tree[0].children[0].disabled).toBe(false)
    expect(tree[0].children[0].children[0]).toMatchObject({ disabled: false, active: false })
    expect(buildTree([d])[0].disabled).toBeUndefined()
  })
})

describe('orgStats', () => {
  it('counts kinds, grids without a worker, and per street', () => {
    const d = unit('district', null)
    const s1 = unit('street', d, { name: '望京街道' })
    const s2 = unit('street', d, { name: '花家地街道' })
    const c1 = unit('community', s1)
    const c2 = unit('community', s2)
    const g1 = unit('grid', c1, { worker_id: 5 })
    const g2 = unit('grid', c1)
    const g3 = unit('grid', c2, { worker_id: 6 })
    const dep = unit('department', d)
    const st = orgStats([d, s1, s2, c1, c2, g1, g2, g3, dep])
    expect(st.byKind).toEqual({ district: 1, street: 2, community: 2, grid: 3, department: 1 })
    expect(st.gridsWithoutWorker).toBe(1)
    expect(st.groupKind).toBe('street')
    expect(st.groups).toEqual([
      { id: s1.id, name: '望京街道', communities: 1, grids: 2, gridsWithoutWorker: 1 },
      { id: s2.id, name: '花家地街道', communities: 1, grids: 1, gridsWithoutWorker: 0 },
    ])
  })
  it('breaks a community scope down by community, and an empty scope not at all', () => {
    const c = unit('community', null, { path: '/1/2/99/' })
    const g = unit('grid', null, { parent_id: c.id, path: '/1/2/99/100/' })
    expect(orgStats([c, g])).toMatchObject({ groupKind: 'community', groups: [{ communities: 0, grids: 1, gridsWithoutWorker: 1 }] })
    expect(orgStats([])).toMatchObject({ groupKind: null, groups: [], gridsWithoutWorker: 0 })
  })
})

describe('usersByRole', () => {
  it('counts each user once per role', () => {
    const g = (role: string, role_name: string, org_id: number) => ({ id: 0, role, role_name, org_id, org_name: '', org_kind: 'community' as const })
    const users = [
      { grants: [g('community_worker', '社区工作者', 3), g('community_worker', '社区工作者', 10)] },
      { grants: [g('community_worker', '社区工作者', 3), g('party_secretary', '党组织书记', 3)] },
      { grants: [] },
    ]
    expect(usersByRole(users)).toEqual([
      { role: 'community_worker', name: '社区工作者', count: 2 },
      { role: 'party_secretary', name: '党组织书记', count: 1 },
    ])
  })
})

describe('history diff', () => {
  it('lists the changed fields between versions', () => {
    const a = unit('grid', null, { name: '第1网格', worker_name: '李志强', worker_id: 5 })
    const b = { ...a, version: 2, name: '第一网格', worker_name: '', worker_id: null }
    expect(diffSnapshots(a, b).map((c) => [c.field, c.before, c.after])).toEqual([
      ['name', '第1网格', '第一网格'],
      ['worker_name', '李志强', ''],
    ])
    const c = { ...b, version: 3, active: false, boundary: { type: 'Polygon' as const, coordinates: [[[0, 0]]] } }
    expect(diffSnapshots(b, c).map((x) => x.field)).toEqual(['active', 'boundary'])
    expect(diffSnapshots(null, a)).toEqual([])
  })
})
