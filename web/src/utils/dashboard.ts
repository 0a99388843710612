// Pure helpers for the command-centre dashboard (指挥大屏) and the live feed: counters with a cap,
// the feed of latest changes (from stream messages, or from the list when only polling), map
// point colours (overdue in red), and Beijing-day ranges.
import type { GridEvent } from '../api/events'
import type { EventChange } from './liveHub'
import { OPEN_STATES, isOverdue, shanghaiDay, stateColor } from './events'

export const OVERDUE_COLOR = '#b42318'

/** A count that may be a lower bound (the list was cut at its page size). */
export interface Counter { n: number; capped: boolean }
export const counted = (rows: readonly unknown[], more: boolean): Counter => ({ n: rows.length, capped: more })
export const showCount = (c: Counter | null | undefined): string => (c ? `${c.n}${c.capped ? '+' : ''}` : '—')

/** The colour of an event's map point: red when overdue, else its state's colour. */
export function pointColor(e: Pick<GridEvent, 'state' | 'overdue' | 'stage_due_at'>, now = Date.now()): string {
  return isOverdue(e, now) ? OVERDUE_COLOR : stateColor(e.state)
}

export interface FeedItem {
  key: string; event_id: number; code: string; title: string; action: string; to: string; at: string; overdue: boolean
}
export const FEED_MAX = 30

/** A stream change as a feed line (null when it carries no event). */
export function feedFromChange(c: EventChange, seq: number | string): FeedItem | null {
  if (!c.event) return null
  return {
    key: `s${seq}-${c.event_id}`, event_id: c.event_id, code: c.event.code, title: c.event.title,
    action: c.action, to: c.to, at: c.at, overdue: !!c.event.overdue,
  }
}
/** Without a stream: the most recently updated events as feed lines. */
export function feedFromRows(rows: readonly GridEvent[], max = FEED_MAX): FeedItem[] {
  return [...rows]
    .sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || b.id - a.id)
    .slice(0, max)
    .map((e) => ({
      key: `r${e.id}-${e.version}`, event_id: e.id, code: e.code, title: e.title,
      action: e.version === 1 ? 'report' : '', to: e.state, at: e.updated_at, overdue: e.overdue,
    }))
}
/** Newest first, at most `max`. */
export function pushFeed(feed: readonly FeedItem[], item: FeedItem, max = FEED_MAX): FeedItem[] {
  return [item, ...feed.filter((f) => f.key !== item.key)].slice(0, max)
}

/** Apply a stream change to the rows the map shows (state, overdue, location; new events on top). */
export function applyChange(rows: readonly GridEvent[], c: EventChange): GridEvent[] {
  const ev = c.event
  if (!ev) return [...rows]
  const i = rows.findIndex((r) => r.id === c.event_id)
  if (i >= 0) {
    const out = [...rows]
    out[i] = { ...rows[i], state: ev.state as GridEvent['state'], state_name: ev.state_name, overdue: ev.overdue, location: ev.location, title: ev.title, updated_at: c.at }
    return out
  }
  const fresh = {
    id: ev.id, code: ev.code, title: ev.title, state: ev.state, state_name: ev.state_name, location: ev.location,
    grid_id: ev.grid_id, community_id: ev.community_id ?? 0, street_id: ev.street_id ?? 0, subclass_name: ev.subclass_name,
    overdue: ev.overdue, priority: ev.priority, reported_at: ev.reported_at, updated_at: c.at, version: 1,
    class_name: '', class_id: 0, subclass_id: 0, channel: 'console', description: '', address: '', grid_name: '',
    community_name: '', street_name: '', reporter_id: null, reporter_name: '', external_ref: null, merged_into: null,
    lead_dept_id: null, lead_dept_name: '', stage: null, stage_due_at: null, was_whistled: false, resolved_in_grid: false,
    reopen_count: 0, rating: null, rating_comment: '', complaints: 0, accepted_at: null, closed_at: null,
  } as GridEvent
  return [fresh, ...rows]
}

/** Today and `days - 1` days back, as YYYY-MM-DD in Asia/Shanghai. */
export function dayRange(days: number, now = Date.now()): { from: string; to: string } {
  return { from: shanghaiDay(now - (days - 1) * 86_400_000), to: shanghaiDay(now) }
}
/** The month (YYYY-MM) of an instant in Asia/Shanghai. */
export const shanghaiMonth = (now = Date.now()) => shanghaiDay(now).slice(0, 7)

export function openCount(byState: readonly { key: string; count: number }[]): number {
  return byState.filter((s) => (OPEN_STATES as string[]).includes(s.key)).reduce((a, s) => a + s.count, 0)
}
