// Unit tests for the logic added with the event loop pages: photo downscale sizing, KPI table
// helpers, dashboard feed/map helpers, the shared live stream hub, the notification store, and
// "endpoint missing" detection.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '../api/http'
import { isMissingEndpoint, maybe } from '../api/optional'
import type { GridEvent } from '../api/events'
import type { KpiRow } from '../api/kpis'
import { useNotificationsStore } from '../stores/notifications'
import { fitSize, jpegName } from './image'
import { formatKpi, populationNote, presetRange, sortRows, validRange } from './kpi'
import zh from '../i18n/zh-CN'
import en from '../i18n/en'
import { OVERDUE_COLOR, applyChange, counted, dayRange, feedFromChange, feedFromRows, openCount, pointColor, pushFeed, showCount } from './dashboard'
import { LiveHub, parseChange, type Client } from './liveHub'
import { stateColor } from './events'

beforeEach(() => setActivePinia(createPinia()))

describe('photo downscale sizing', () => {
  it('fits the longer side to 1600 px and keeps the aspect ratio', () => {
    expect(fitSize(4000, 3000)).toEqual({ w: 1600, h: 1200 })
    expect(fitSize(3000, 4000)).toEqual({ w: 1200, h: 1600 })
    expect(fitSize(1600, 900)).toEqual({ w: 1600, h: 900 })
  })
  it('never enlarges, and copes with odd sizes', () => {
    expect(fitSize(640, 480)).toEqual({ w: 640, h: 480 })
    expect(fitSize(10000, 3)).toEqual({ w: 1600, h: 1 })
    expect(fitSize(0, 100)).toEqual({ w: 0, h: 0 })
    expect(fitSize(NaN, 100)).toEqual({ w: 0, h: 0 })
  })
  it('names the JPEG after the original', () => {
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg')
    expect(jpegName('a/b\\c.png')).toBe('a_b_c.jpg')
    expect(jpegName('')).toBe('photo.jpg')
  })
})

const row = (id: number, name: string, reported: number, rate: number | null): KpiRow => ({
  org_id: id, org_code: 'c' + id, org_name: name, reported, accepted: 0, rejected: 0, resolved_in_grid: 0,
  resolved_in_grid_rate: rate, whistled: 0, report_ins: 0, report_ins_on_time: 0, on_time_report_in_rate: null,
  closed: 0, closed_on_time: 0, on_time_close_rate: null, handling_hours: { mean: 2.25, median: null, p90: null },
  reopened: 0, reopen_rate: null, rated: 0, satisfaction: null, satisfied_rate: null, complaints: 0, population: null,
  complaints_per_1000: null,
})

describe('KPI table helpers', () => {
  it('formats rates as per cent, hours to one decimal, missing as a dash', () => {
    expect(formatKpi(0.8766, 'rate')).toBe('87.7%')
    expect(formatKpi(1, 'rate')).toBe('100.0%')
    expect(formatKpi(2.25, 'hours')).toBe('2.3')
    expect(formatKpi(null, 'rate')).toBe('—')
    expect(formatKpi(12, 'count')).toBe('12')
  })
  it('sorts by a column either way, with missing figures last', () => {
    const rows = [row(1, '甲', 5, 0.5), row(2, '乙', 9, null), row(3, '丙', 1, 0.9)]
    expect(sortRows(rows, 'reported', true).map((r) => r.org_id)).toEqual([2, 1, 3])
    expect(sortRows(rows, 'reported', false).map((r) => r.org_id)).toEqual([3, 1, 2])
    expect(sortRows(rows, 'resolved_in_grid_rate', true).map((r) => r.org_id)).toEqual([3, 1, 2])
    expect(sortRows(rows, 'resolved_in_grid_rate', false).map((r) => r.org_id)).toEqual([1, 3, 2])
  })
  it('says where a population comes from unless it is a recorded figure', () => {
    const r = row(1, '甲', 5, 0.5)
    expect(populationNote({ ...r, population: 800, population_source: 'recorded' })).toBeNull()
    expect(populationNote({ ...r, population: null, population_source: null })).toBeNull()
    for (const source of ['register', 'mixed'] as const) {
      const key = populationNote({ ...r, population: 312, population_source: source })
      expect(key).toBe(`kpi.populationFrom.${source}`)
      for (const messages of [zh, en]) {  // both languages carry the note and its short form
        const from = (messages as { kpi: { populationFrom: Record<string, string> } }).kpi.populationFrom
        expect(from[source]).toBeTruthy()
        expect(from[`${source}Short`]).toBeTruthy()
      }
    }
  })
  it('period presets are Beijing dates', () => {
    const now = Date.parse('2026-03-10T20:00:00Z') // 2026-03-11 04:00 in Beijing
    expect(presetRange('thisMonth', now)).toEqual({ from: '2026-03-01', to: '2026-03-11' })
    expect(presetRange('lastMonth', now)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(presetRange('lastMonth', Date.parse('2026-01-05T00:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(presetRange('last30', now)).toEqual({ from: '2026-02-10', to: '2026-03-11' })
    expect(presetRange('thisYear', now)).toEqual({ from: '2026-01-01', to: '2026-03-11' })
    expect(validRange('2026-03-01', '2026-02-01')).toBe(false)
    expect(validRange('2026-03-01', '2026-03-01')).toBe(true)
  })
})

const ev = (over: Partial<GridEvent>): GridEvent => ({
  id: 1, code: 'SJ2026120100000001', title: 'x', state: 'reported', overdue: false, stage_due_at: null, updated_at: '2026-12-01T00:00:00Z',
  version: 1, location: [116.47, 39.99], ...over,
} as GridEvent)

describe('dashboard helpers', () => {
  const change = (id: number, to: string, extra = {}) => ({
    event_id: id, action: 'accept', from: 'reported', to, at: '2026-12-01T08:00:00Z',
    event: { id, code: 'SJ' + id, title: 't' + id, state: to, state_name: '', location: [116.4, 39.9] as [number, number], grid_id: 3, community_id: 2, street_id: 1, subclass_name: 's', overdue: false, priority: 2, reported_at: '2026-12-01T07:00:00Z', ...extra },
  })
  it('applies a change to a shown event, and puts a new one on top', () => {
    const rows = [ev({ id: 1 }), ev({ id: 2 })]
    const a = applyChange(rows, change(2, 'accepted'))
    expect(a.map((r) => [r.id, r.state])).toEqual([[1, 'reported'], [2, 'accepted']])
    const b = applyChange(rows, change(7, 'reported'))
    expect(b.map((r) => r.id)).toEqual([7, 1, 2])
    expect(b[0].location).toEqual([116.4, 39.9])
  })
  it('feed: newest first, no repeats, capped', () => {
    let feed = [] as ReturnType<typeof feedFromRows>
    for (let i = 1; i <= 40; i++) feed = pushFeed(feed, feedFromChange(change(i, 'accepted'), i)!)
    expect(feed).toHaveLength(30)
    expect(feed[0].event_id).toBe(40)
    feed = pushFeed(feed, feedFromChange(change(40, 'accepted'), 40)!)
    expect(feed.filter((f) => f.event_id === 40)).toHaveLength(1)
    expect(feedFromChange({ event_id: 1, action: 'x', from: null, to: 'closed', at: '' }, 1)).toBeNull()
  })
  it('feed from rows when polling: most recently updated first', () => {
    const f = feedFromRows([ev({ id: 1, updated_at: '2026-12-01T01:00:00Z' }), ev({ id: 2, updated_at: '2026-12-01T03:00:00Z', version: 3, state: 'accepted' })])
    expect(f.map((x) => [x.event_id, x.action])).toEqual([[2, ''], [1, 'report']])
  })
  it('overdue points are red, others take their state colour', () => {
    expect(pointColor(ev({ overdue: true, state: 'accepted' }))).toBe(OVERDUE_COLOR)
    expect(pointColor(ev({ state: 'closed' }))).toBe(stateColor('closed'))
    expect(pointColor(ev({ state: 'accepted', stage_due_at: '2000-01-01T00:00:00Z' }))).toBe(OVERDUE_COLOR)
  })
  it('counters say when they are a lower bound; open sums the open states', () => {
    expect(showCount(counted([1, 2], true))).toBe('2+')
    expect(showCount(counted([1, 2], false))).toBe('2')
    expect(showCount(null)).toBe('—')
    expect(openCount([{ key: 'reported', count: 3 }, { key: 'closed', count: 10 }, { key: 'handling', count: 2 }])).toBe(5)
    expect(dayRange(14, Date.parse('2026-12-01T02:00:00Z'))).toEqual({ from: '2026-11-18', to: '2026-12-01' })
  })
})

describe('live stream hub', () => {
  function fakeClient() {
    const made: { o: Parameters<ConstructorParameters<typeof LiveHub>[0]>[0]; c: Client & { stopped: boolean } }[] = []
    const hub = new LiveHub((o) => {
      const c = { status: 'stopped' as const, stopped: false, start: async () => {}, stop() { this.stopped = true } }
      made.push({ o, c })
      return c
    })
    return { hub, made }
  }
  it('opens one stream for all subscribers and closes it when the last leaves', () => {
    const { hub, made } = fakeClient()
    const a: string[] = [], b: string[] = []
    const ua = hub.subscribe({ onMessage: (m) => a.push(m.event) })
    const ub = hub.subscribe({ onMessage: (m) => b.push(m.event), onStatus: () => {} })
    expect(made).toHaveLength(1)
    made[0].o.onMessage({ id: '1', event: 'event.changed', data: '{}' })
    expect([a, b]).toEqual([['event.changed'], ['event.changed']])
    ua()
    expect(made[0].c.stopped).toBe(false)
    ub()
    expect(made[0].c.stopped).toBe(true)
    expect(hub.size).toBe(0)
    hub.subscribe({})
    expect(made).toHaveLength(2)
  })
  it('parses event.changed payloads and ignores others', () => {
    expect(parseChange({ id: '3', event: 'event.changed', data: '{"event_id":5,"action":"accept","to":"accepted"}' })?.event_id).toBe(5)
    expect(parseChange({ id: '3', event: 'notification', data: '{"event_id":5}' })).toBeNull()
    expect(parseChange({ id: '3', event: 'event.changed', data: 'not json' })).toBeNull()
  })
})

describe('notifications store', () => {
  const note = (id: number, read_at: string | null = null) => ({ id: String(id), event: 'notification', data: JSON.stringify({ id, kind: 'whistled', event_id: 9, event_code: 'SJ', title: 't', body: '', created_at: '2026-12-01T00:00:00Z', read_at }) })
  it('counts unread notifications from the stream once each', () => {
    const s = useNotificationsStore()
    s.count = 2
    expect(s.onMessage(note(10))?.id).toBe(10)
    expect(s.onMessage(note(10))).toBeNull()
    s.onMessage(note(11, '2026-12-01T00:00:00Z'))
    s.onMessage({ id: '1', event: 'event.changed', data: '{}' })
    expect(s.count).toBe(3)
    expect(s.arrived.map((n) => n.id)).toEqual([11, 10])
  })
  it('knows when the server has no notifications endpoint', async () => {
    const s = useNotificationsStore()
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ code: 'http.not_found', status: 404 }), { status: 404 })))
    await s.refresh()
    expect(s.available).toBe(false)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ count: 4 }), { status: 200 })))
    await s.refresh()
    expect([s.available, s.count]).toEqual([true, 4])
    vi.unstubAllGlobals()
  })
  it('a missing route is not the same as a missing event', async () => {
    expect(isMissingEndpoint(new ApiError({ status: 404, code: 'http.not_found' }))).toBe(true)
    expect(isMissingEndpoint(new ApiError({ status: 404, code: 'event.not_found' }))).toBe(false)
    expect(isMissingEndpoint(new ApiError({ status: 403, code: 'auth.forbidden' }))).toBe(false)
    const r = await maybe(Promise.reject(new ApiError({ status: 405, code: 'http.method_not_allowed' })))
    expect(r).toEqual({ ok: false, missing: true })
  })
})
