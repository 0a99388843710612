// Pure helpers for the event pages: state colours, list filters → query string, the action
// forms (which fields each action asks for, and their validation), and dashboard tallies.
import type { Channel, EventAction, EventState, GridEvent, Summons } from '../api/events'

export const STATES: EventState[] = [
  'reported', 'accepted', 'in_grid', 'escalated', 'whistled', 'handling', 'submitted', 'closed', 'rejected', 'merged',
]
export const OPEN_STATES: EventState[] = ['reported', 'accepted', 'in_grid', 'escalated', 'whistled', 'handling', 'submitted']
export const CHANNELS: Channel[] = ['grid_worker', 'resident', 'hotline', 'open311', 'sensor', 'console']

/** Background colour per state; white text on each is ≥ 4.5:1. The tag always says the state in words too. */
export const STATE_COLOR: Record<EventState, string> = {
  reported: '#1d5fd1',
  accepted: '#0e7490',
  in_grid: '#6b21a8',
  escalated: '#a14a06',
  whistled: '#b3261e',
  handling: '#9d174d',
  submitted: '#4d6b0f',
  closed: '#1f7a35',
  rejected: '#4e5969',
  merged: '#4e5969',
}
export function stateColor(s: string): string {
  return (STATE_COLOR as Record<string, string>)[s] ?? '#4e5969'
}
/** The i18n key of a state's name. */
export const stateKey = (s: string) => `events.state.${s}`

export interface EventFilters {
  state: EventState[]
  class_id: number | null
  subclass_id: number | null
  street_id: number | null
  community_id: number | null
  grid_id: number | null
  dept_id: number | null
  channel: Channel | ''
  overdue: '' | 'true' | 'false'
  /** Dates (YYYY-MM-DD) in Asia/Shanghai, both inclusive. */
  from: string
  to: string
  q: string
  mine: boolean
}
export function emptyFilters(): EventFilters {
  return {
    state: [], class_id: null, subclass_id: null, street_id: null, community_id: null, grid_id: null,
    dept_id: null, channel: '', overdue: '', from: '', to: '', q: '', mine: false,
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** The day after a YYYY-MM-DD date. */
export function nextDay(d: string): string {
  const [y, m, day] = d.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, day + 1))
  return t.toISOString().slice(0, 10)
}

/** GET /events query parameters for the filters (empty ones left out; dates as Beijing midnights). */
export function filtersToQuery(f: EventFilters): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.state.length) q.state = f.state.join(',')
  for (const k of ['class_id', 'subclass_id', 'street_id', 'community_id', 'grid_id', 'dept_id'] as const) {
    const v = f[k]
    if (v !== null && v !== undefined && Number.isFinite(v) && v > 0) q[k] = String(v)
  }
  if (f.channel) q.channel = f.channel
  if (f.overdue) q.overdue = f.overdue
  if (DATE.test(f.from)) q.from = `${f.from}T00:00:00+08:00`
  if (DATE.test(f.to)) q.to = `${nextDay(f.to)}T00:00:00+08:00`
  const text = f.q.trim()
  if (text) q.q = /^sj\d{16}$/i.test(text) ? text.toUpperCase() : text
  if (f.mine) q.mine = 'true'
  return q
}

/** The query as a URL search string (for links and tests). */
export function queryString(q: Record<string, string>): string {
  return new URLSearchParams(q).toString()
}

// ---- action forms ----

export type ActionField = 'note' | 'rating' | 'merge_into' | 'departments'
export interface ActionSpec {
  fields: ActionField[]
  /** The note is required (the server answers event.note_required otherwise). */
  noteRequired: boolean
  /** Shown as a danger (red) button. */
  danger?: boolean
  primary?: boolean
}
export const ACTION_SPECS: Record<EventAction, ActionSpec> = {
  accept: { fields: ['note'], noteRequired: false, primary: true },
  reject: { fields: ['note'], noteRequired: true, danger: true },
  merge: { fields: ['merge_into', 'note'], noteRequired: false },
  handle_in_grid: { fields: ['note'], noteRequired: false, primary: true },
  resolve_in_grid: { fields: ['note'], noteRequired: true, primary: true },
  escalate: { fields: ['note'], noteRequired: true },
  whistle: { fields: ['departments', 'note'], noteRequired: false, primary: true },
  report_in: { fields: ['note'], noteRequired: false, primary: true },
  submit: { fields: ['note'], noteRequired: true, primary: true },
  verify: { fields: ['note'], noteRequired: false, primary: true },
  reopen: { fields: ['note'], noteRequired: true, danger: true },
  rate: { fields: ['rating', 'note'], noteRequired: false, primary: true },
  complain: { fields: ['note'], noteRequired: true, danger: true },
}
/** The order the buttons appear in (forward actions first). */
export const ACTION_ORDER: EventAction[] = [
  'accept', 'handle_in_grid', 'whistle', 'report_in', 'submit', 'verify', 'resolve_in_grid', 'rate',
  'escalate', 'merge', 'reopen', 'reject', 'complain',
]
/** Actions that take evidence photos (uploaded first, then named in attachment_ids). */
export const EVIDENCE_ACTIONS: EventAction[] = ['submit', 'verify', 'resolve_in_grid', 'reopen']

export function orderActions(actions: readonly EventAction[]): EventAction[] {
  return ACTION_ORDER.filter((a) => actions.includes(a))
}

export interface ActionForm {
  note: string
  rating: number
  /** An event id or receipt code (SJ…). */
  merge_into: string
  lead_dept_id: number | null
  assist_dept_ids: number[]
}
export function emptyActionForm(): ActionForm {
  return { note: '', rating: 0, merge_into: '', lead_dept_id: null, assist_dept_ids: [] }
}

/** The event id a merge target names: a number or a receipt code SJ + date (8) + id (8). */
export function parseEventRef(s: string): number | null {
  const t = s.trim()
  if (/^\d{1,12}$/.test(t)) return Number(t) > 0 ? Number(t) : null
  const m = /^sj\d{8}(\d{8,})$/i.exec(t)
  if (m) return Number(m[1]) > 0 ? Number(m[1]) : null
  return null
}

/** Field → i18n key of what is wrong; empty when the form may be sent. */
export function validateAction(action: EventAction, f: ActionForm, selfId?: number): Partial<Record<ActionField, string>> {
  const spec = ACTION_SPECS[action]
  const errs: Partial<Record<ActionField, string>> = {}
  if (spec.noteRequired && !f.note.trim()) errs.note = 'events.form.noteRequired'
  if (f.note.length > 1000) errs.note = 'events.form.noteTooLong'
  if (spec.fields.includes('rating') && !(Number.isInteger(f.rating) && f.rating >= 1 && f.rating <= 5)) errs.rating = 'events.form.ratingRequired'
  if (spec.fields.includes('merge_into')) {
    const id = parseEventRef(f.merge_into)
    if (id === null) errs.merge_into = 'events.form.mergeRequired'
    else if (selfId !== undefined && id === selfId) errs.merge_into = 'events.form.mergeSelf'
  }
  if (spec.fields.includes('departments')) {
    if (!f.lead_dept_id) errs.departments = 'events.form.leadRequired'
    else if (f.assist_dept_ids.includes(f.lead_dept_id)) errs.departments = 'events.form.leadAlsoAssist'
    else if (f.assist_dept_ids.length > 9) errs.departments = 'events.form.tooManyDepts'
  }
  return errs
}

/** The request body for an action from its form (only the fields the action takes). */
export function actionBody(action: EventAction, f: ActionForm) {
  const spec = ACTION_SPECS[action]
  const body: { note?: string; rating?: number; merge_into?: number; lead_dept_id?: number; assist_dept_ids?: number[] } = {}
  if (f.note.trim()) body.note = f.note.trim()
  if (spec.fields.includes('rating')) body.rating = f.rating
  if (spec.fields.includes('merge_into')) body.merge_into = parseEventRef(f.merge_into) ?? undefined
  if (spec.fields.includes('departments') && f.lead_dept_id) {
    body.lead_dept_id = f.lead_dept_id
    body.assist_dept_ids = f.assist_dept_ids.filter((d) => d !== f.lead_dept_id)
  }
  return body
}

// ---- deadlines ----

/** A summoned department's report-in is late: past due and not reported in, or reported in after it. */
export function reportInLate(s: Summons, now = Date.now()): boolean {
  const due = Date.parse(s.report_in_due)
  if (s.reported_in_at) return Date.parse(s.reported_in_at) > due
  return now > due
}
/** The event is past its stage deadline (the server's flag, or the clock when the sweep has not run yet). */
export function isOverdue(e: Pick<GridEvent, 'overdue' | 'stage_due_at' | 'state'>, now = Date.now()): boolean {
  if (e.overdue) return true
  return !!e.stage_due_at && OPEN_STATES.includes(e.state) && Date.parse(e.stage_due_at) < now
}

// ---- dashboard tallies ----

export function countBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, number> {
  const m = new Map<string, number>()
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1)
  return m
}
/** The civil date in Asia/Shanghai of an instant, YYYY-MM-DD. */
export function shanghaiDay(iso: string | number): string {
  const t = typeof iso === 'number' ? iso : Date.parse(iso)
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10)
}
/** Reports per day for the last `days` days ending today (Asia/Shanghai), oldest first. */
export function trendByDay(rows: readonly Pick<GridEvent, 'reported_at'>[], days: number, now = Date.now()): { day: string; n: number }[] {
  const counts = countBy(rows, (r) => shanghaiDay(r.reported_at))
  const out: { day: string; n: number }[] = []
  for (let i = days - 1; i >= 0; i--) {
    const day = shanghaiDay(now - i * 86_400_000)
    out.push({ day, n: counts.get(day) ?? 0 })
  }
  return out
}
export interface Tally {
  total: number
  open: number
  today: number
  overdue: number
  byState: Map<string, number>
  byClass: Map<string, number>
  byChannel: Map<string, number>
}
export function tally(rows: readonly GridEvent[], now = Date.now()): Tally {
  const today = shanghaiDay(now)
  return {
    total: rows.length,
    open: rows.filter((r) => OPEN_STATES.includes(r.state)).length,
    today: rows.filter((r) => shanghaiDay(r.reported_at) === today).length,
    overdue: rows.filter((r) => isOverdue(r, now)).length,
    byState: countBy(rows, (r) => r.state),
    byClass: countBy(rows, (r) => r.class_name),
    byChannel: countBy(rows, (r) => r.channel),
  }
}

/** Merge fresh rows into a list by id (fresh wins), newest id first. */
export function mergeById<T extends { id: number }>(rows: readonly T[], fresh: readonly T[]): T[] {
  const m = new Map<number, T>()
  for (const r of rows) m.set(r.id, r)
  for (const r of fresh) m.set(r.id, r)
  return [...m.values()].sort((a, b) => b.id - a.id)
}
