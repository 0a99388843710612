import { describe, expect, it } from 'vitest'
import { formatArea, formatTime } from './format'
import { buildTree } from './orgtree'
import { homeFor, menuFor } from '../router/menu'
import type { OrgUnit } from '../api/types'

describe('formatArea', () => {
  it('shows 公顷 from one hectare and ㎡ below', () => {
    expect(formatArea(57399)).toBe('5.74 公顷')
    expect(formatArea(9500.4)).toBe('9,500 ㎡')
    expect(formatArea(null)).toBe('—')
    expect(formatArea(57399, 'en')).toBe('5.74 ha')
  })
})

describe('formatTime', () => {
  it('shows Beijing time', () => {
    expect(formatTime('2026-11-25T04:43:43Z')).toBe('2026-11-25 12:43:43')
  })
})

describe('buildTree', () => {
  const u = (id: number, parent: number | null, kind: OrgUnit['kind'], name: string) =>
    ({ id, parent_id: parent, kind, code: String(id), name, name_en: name + ' EN' }) as OrgUnit
  it('makes units whose parent is out of scope roots', () => {
    const tree = buildTree([u(3, 2, 'community', '社区'), u(4, 3, 'grid', '网格1'), u(5, 3, 'grid', '网格2')])
    expect(tree).toHaveLength(1)
    expect(tree[0].label).toBe('社区')
    expect(tree[0].children.map((c) => c.id)).toEqual([4, 5])
    expect(buildTree([u(3, null, 'district', '区')], 'en')[0].label).toBe('区 EN')
  })
})

describe('menu', () => {
  it('follows permissions and the simplified elder menu', () => {
    const perms = ['self', 'org.read', 'user.read', 'audit.read'] as const
    expect(menuFor(perms, false).map((m) => m.name)).toEqual(['overview', 'map', 'org', 'users', 'audit', 'profile', 'messages'])
    expect(menuFor(perms, true).map((m) => m.name)).toEqual(['overview', 'map', 'profile', 'messages'])
    expect(homeFor(perms)).toBe('/overview')
    expect(menuFor(['self'], false).map((m) => m.name)).toEqual(['profile', 'messages'])
    expect(homeFor(['self'])).toBe('/profile')
    expect(homeFor(['self', 'org.read'])).toBe('/map')
  })
})
