// The register pages' pure helpers: vocabularies have words in both locales, the building grid
// puts the top floor first, the search box tells ID numbers, phones and names apart, the import
// query carries the column mapping, and statistics pick the right figures.
import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { menuFor } from '../router/menu'
import type { BuildingView, StatRow } from '../api/people'
import {
  CARE_TAGS, FIELD_CODES, changeFieldKey, changeValueKey, ISSUE_CODES, ROOM_USES, buildingGrid, classifySearch, csvName, formatMs, guessSource,
  importQuery, issueKey, issueSummary, peopleQuery, emptyPeopleFilters, roomBadges, roomUse, statSeries, statValue,
  tagKey, tagTone, useCounts, validPurpose,
} from './register'

const te = (k: string, loc: 'zh-CN' | 'en') => i18n.global.te(k, loc)

describe('vocabularies', () => {
  it('have Chinese and English words for every tag, use, field and issue code', () => {
    const keys = [
      ...CARE_TAGS.map((c) => tagKey(c) as string),
      ...ROOM_USES.map((u) => 'reg.use.' + u), 'reg.use.unknown',
      ...FIELD_CODES.map((f) => 'reg.field.' + f),
      ...ISSUE_CODES.map((c) => issueKey(c) as string),
    ]
    for (const loc of ['zh-CN', 'en'] as const) expect(keys.filter((k) => !te(k, loc))).toEqual([])
    expect(i18n.global.t('reg.tag.living_alone')).toBe('独居老人')
    expect(i18n.global.t('reg.tag.elderly_80')).toBe('80岁以上高龄老人')
    expect(i18n.global.t('reg.issue.id.check_digit')).toBe('身份证号校验位错误')
    expect(i18n.global.t('reg.issue.row.no_name')).toBe('缺少姓名和证件号')
  })
  it('knows unknown codes are unknown', () => {
    expect(tagKey('astronaut')).toBeNull()
    expect(issueKey('id.whatever')).toBeNull()
    expect(roomUse('castle')).toBe('unknown')
    expect(roomUse(null)).toBe('unknown')
    expect(roomUse('rented')).toBe('rented')
  })
  it('marks living alone red and 80+ amber', () => {
    expect(tagTone('living_alone')).toBe('danger')
    expect(tagTone('elderly_80')).toBe('warning')
    expect(tagTone('volunteer')).toBe('info')
  })
})

describe('roomBadges', () => {
  it('orders by urgency, drops 60+ when 80+ covers it, and counts the rest', () => {
    const b = roomBadges({ elderly_60: 1, elderly_80: 1, living_alone: 1, volunteer: 1, disabled: 2, unknown_tag: 3 })
    expect(b.shown.map((x) => x.tag)).toEqual(['living_alone', 'elderly_80', 'disabled'])
    expect(b.shown[2].count).toBe(2)
    expect(b.more).toBe(1) // volunteer
    expect(roomBadges({ elderly_60: 2, elderly_80: 1 }).shown.map((x) => x.tag)).toEqual(['elderly_80', 'elderly_60'])
    expect(roomBadges({}).shown).toEqual([])
  })
})

describe('buildingGrid', () => {
  const room = (id: number, name: string, use: string | null = 'rented') => ({ id, name, use, occupants: 1, area_m2: 60, tags: {} })
  const view: Pick<BuildingView, 'units'> = {
    units: [
      { id: 20, name: '2单元', number: 2, floors: [{ number: 2, rooms: [room(5, '202'), room(4, '201')] }, { number: 1, rooms: [room(3, '101', 'commercial')] }] },
      { id: 10, name: '1单元', number: 1, floors: [{ number: 3, rooms: [room(2, '301', null)] }, { number: 1, rooms: [room(1, '101', 'vacant')] }] },
    ],
  }
  it('puts units in columns by number and floors in rows, top floor first', () => {
    const g = buildingGrid(view)
    expect(g.units.map((u) => u.name)).toEqual(['1单元', '2单元'])
    expect(g.rows.map((r) => r.floor)).toEqual([3, 2, 1])
    expect(g.rows[0].cells.map((c) => c.map((r) => r.name))).toEqual([['301'], []])
    expect(g.rows[1].cells[1].map((r) => r.name)).toEqual(['201', '202'])
    expect(g.rooms).toBe(5)
  })
  it('counts rooms per use for the legend', () => {
    const c = useCounts(buildingGrid(view))
    expect(c).toMatchObject({ rented: 2, commercial: 1, vacant: 1, unknown: 1, owner_occupied: 0 })
  })
  it('copes with a building without rooms', () => {
    expect(buildingGrid({ units: [] })).toEqual({ units: [], rows: [], rooms: 0 })
  })
})

describe('people search', () => {
  it('tells ID numbers, phones and names apart', () => {
    expect(classifySearch('11010519491231002x')).toEqual({ kind: 'id_number', value: '11010519491231002X' })
    expect(classifySearch('１１０１０５４９１２３１００２')).toEqual({ kind: 'id_number', value: '110105491231002' })
    expect(classifySearch('+86 138-0013-8000')).toEqual({ kind: 'phone', value: '13800138000' })
    expect(classifySearch(' 张伟 ')).toEqual({ kind: 'q', value: '张伟' })
    expect(classifySearch('zw')).toEqual({ kind: 'q', value: 'zw' })
    expect(classifySearch('12345')).toEqual({ kind: 'q', value: '12345' })
    expect(classifySearch('  ').kind).toBe('none')
  })
  it('builds the query without empty filters', () => {
    expect(peopleQuery(emptyPeopleFilters())).toEqual({})
    expect(peopleQuery({ text: '13800138000', address: ' 5号楼 ', tag: 'living_alone', residence_type: 'migrant', separation: '' }, { limit: 30 }))
      .toEqual({ phone: '13800138000', address: '5号楼', tag: 'living_alone', residence_type: 'migrant', limit: 30 })
  })
})

describe('import query', () => {
  it('carries source, dry run, encoding and the column mapping', () => {
    expect(importQuery({ source: 'civil', dryRun: true, fileName: 'a.csv', encoding: '', mapping: { 困难类别: 'care_tags', 备注: '' } }))
      .toEqual({ source: 'civil', dry_run: 'true', file_name: 'a.csv', 'map.困难类别': 'care_tags' })
    expect(importQuery({ source: 'police', dryRun: false, fileName: 'p.csv', encoding: 'gbk', mapping: { 流水号: 'record_key' } }))
      .toEqual({ source: 'police', dry_run: 'false', file_name: 'p.csv', encoding: 'gbk', key: '流水号' })
    const qs = new URLSearchParams(importQuery({ source: 'health', dryRun: true, fileName: 'h.tsv', mapping: { '电话 号码': 'phone' } })).toString()
    expect(qs).toContain('map.%E7%94%B5%E8%AF%9D+%E5%8F%B7%E7%A0%81=phone')
  })
  it('guesses the department from the file name', () => {
    const codes = ['police', 'civil', 'health', 'housing']
    expect(guessSource('police.csv', codes)).toBe('police')
    expect(guessSource('2026年民政低保名单.xlsx', codes)).toBe('civil')
    expect(guessSource('HEALTH.tsv', codes)).toBe('health')
    expect(guessSource('房屋台账.csv', codes)).toBe('housing')
    expect(guessSource('data.csv', codes)).toBe('')
    expect(guessSource('police.csv', ['civil'])).toBe('')
    expect(csvName('名单.XLSX')).toBe('名单.csv')
  })
  it('summarises issues by code', () => {
    const s = issueSummary([
      { code: 'phone.invalid', severity: 'warning' }, { code: 'row.no_name', severity: 'error' },
      { code: 'phone.invalid', severity: 'warning' },
    ])
    expect(s).toEqual([{ code: 'phone.invalid', count: 2, errors: 0 }, { code: 'row.no_name', count: 1, errors: 1 }])
  })
})

describe('card helpers', () => {
  it('shows epoch milliseconds in Beijing time', () => {
    expect(formatMs(Date.UTC(2026, 11, 1, 17, 5))).toBe('2026-12-02 01:05')
    expect(formatMs(null)).toBe('—')
  })
  it('wants a purpose of at least 4 characters', () => {
    expect(validPurpose('核实')).toBe(false)
    expect(validPurpose('  入户走访  ')).toBe(true)
    expect(validPurpose('x'.repeat(201))).toBe(false)
  })
})

describe('statistics', () => {
  const row = (id: number | null, code: string, name: string, residents: number, tags: Record<string, number> = {}): StatRow => ({
    id, code, name, residents, migrants: 1, overseas: 0, here_hukou_elsewhere: 2, hukou_here_away: 0,
    elderly_60: 3, elderly_80: 1, living_alone: 1, tags,
  })
  it('reads stored figures and care tags alike', () => {
    expect(statValue(row(1, 'a', 'A', 9, { disabled: 4 }), 'disabled')).toBe(4)
    expect(statValue(row(1, 'a', 'A', 9), 'residents')).toBe(9)
    expect(statValue(row(1, 'a', 'A', 9), 'veteran')).toBe(0)
  })
  it('orders groups by code with the unplaced last', () => {
    const s = statSeries([row(null, '', '', 2), row(2, 'b', '乙社区', 5), row(1, 'a', '甲社区', 7)], 'population', '未落位')
    expect(s.categories).toEqual(['甲社区', '乙社区', '未落位'])
    expect(s.series.map((x) => x.key)).toEqual(['residents', 'migrants', 'overseas'])
    expect(s.series[0].data).toEqual([7, 5, 2])
  })
})

describe('register menu', () => {
  it('shows reading pages with people.read and the import pages only with register.manage', () => {
    const read = menuFor(['self', 'org.read', 'people.read'], false).map((m) => m.name)
    expect(read).toEqual(expect.arrayContaining(['people', 'addresses', 'registerStats']))
    expect(read).not.toContain('import')
    const manage = menuFor(['self', 'people.read', 'people.unmask', 'register.manage'], false).map((m) => m.name)
    expect(manage).toEqual(expect.arrayContaining(['import', 'batches', 'reviews']))
    for (const m of menuFor(['self', 'people.read', 'register.manage'], false)) expect(i18n.global.te(m.title, 'en')).toBe(true)
  })
})

describe('change samples', () => {
  it('name fields and coded values in words', () => {
    expect(changeFieldKey('phone')).toBe('reg.field.phone')
    expect(changeFieldKey('tag')).toBe('reg.cf.tags')
    expect(changeFieldKey('new_person')).toBe('reg.import.newPerson')
    expect(changeFieldKey('weird')).toBeNull()
    expect(changeValueKey('tag', 'low_income')).toBe('reg.tag.low_income')
    expect(changeValueKey('gender', 'F')).toBe('reg.gender.F')
    expect(changeValueKey('room_use', 'rented')).toBe('reg.use.rented')
    expect(changeValueKey('name', '张伟')).toBeNull()
    for (const k of ['reg.import.newPerson', 'reg.person.reasons.review']) for (const loc of ['zh-CN', 'en'] as const) expect(te(k, loc)).toBe(true)
  })
})
