// 一网统管 events as the console calls them (docs/openapi.json, tags taxonomy and events):
// taxonomy, intake (report / 12345 hotline), lists, detail with its ETag, timeline, actions.
import { api, ApiError, etagFor, getToken } from './http'
import type { OrgUnit, Page } from './types'

export type EventState =
  | 'reported' | 'accepted' | 'rejected' | 'merged' | 'in_grid' | 'escalated'
  | 'whistled' | 'handling' | 'submitted' | 'closed'
export type EventAction =
  | 'accept' | 'reject' | 'merge' | 'handle_in_grid' | 'resolve_in_grid' | 'escalate' | 'whistle'
  | 'report_in' | 'submit' | 'verify' | 'reopen' | 'rate' | 'complain'
export type Channel = 'grid_worker' | 'resident' | 'hotline' | 'open311' | 'sensor' | 'console'
export type PartyCode = 'reporter' | 'grid_worker' | 'community' | 'street' | 'lead_department' | 'assisting_department'
export type Stage = 'accept' | 'report_in' | 'handle' | 'verify'

export interface EventClass { id: number; code: string; name: string; name_en: string; active: boolean; version: number }
export interface EventSubclass {
  id: number; class_id: number; code: string; name: string; name_en: string
  lead_dept_id: number | null; assist_dept_ids: number[]; priority: number
  deadlines_minutes: Partial<Record<Stage, number>>; active: boolean; version: number
}
export interface Taxonomy { classes: EventClass[]; subclasses: EventSubclass[] }

export interface GridEvent {
  id: number; code: string; class_id: number; class_name: string; subclass_id: number; subclass_name: string
  state: EventState; state_name: string; channel: Channel; priority: number
  title: string; description: string; address: string; location: [number, number] | null
  grid_id: number | null; grid_name: string; community_id: number; community_name: string
  street_id: number; street_name: string; reporter_id: number | null; reporter_name: string
  external_ref: string | null; merged_into: number | null; lead_dept_id: number | null; lead_dept_name: string
  stage: Stage | null; stage_due_at: string | null; overdue: boolean; was_whistled: boolean
  resolved_in_grid: boolean; reopen_count: number; rating: number | null; rating_comment: string
  complaints: number; reported_at: string; accepted_at: string | null; closed_at: string | null
  version: number; updated_at: string
}
export interface Summons {
  dept_id: number; dept_name: string; role: 'lead' | 'assist'; summoned_at: string; report_in_due: string
  reported_in_at: string | null; handle_due: string; submitted_at: string | null
}
export interface EventDetail extends GridEvent { departments: Summons[]; my_parties: PartyCode[]; my_actions: EventAction[] }
export interface TimelineStep {
  id: number; action: EventAction | 'report'; from: EventState | null; to: EventState
  actor_id: number | null; actor_name: string; actor_role: string; dept_id: number | null
  note: string; data: Record<string, unknown>; at: string; attachment_ids: number[]
}

export interface NewEvent {
  subclass_id: number; title: string; description?: string; address?: string
  location?: [number, number] | null; grid_id?: number; community_id?: number
}
export interface HotlineEvent extends NewEvent { ticket: string; caller_name?: string }
export interface ActBody {
  note?: string; rating?: number; merge_into?: number; lead_dept_id?: number; assist_dept_ids?: number[]
  /** Evidence uploaded first (POST /events/{id}/attachments). */ attachment_ids?: number[]
}

let taxonomyCache: Promise<Taxonomy> | null = null
/** The taxonomy (active entries), fetched once per page load. */
export function fetchTaxonomy(): Promise<Taxonomy> {
  taxonomyCache ??= api<Taxonomy>('/taxonomy').catch((e) => { taxonomyCache = null; throw e })
  return taxonomyCache
}

export const reportEvent = (body: NewEvent) => api<GridEvent>('/events', { method: 'POST', body })
export const reportHotline = (body: HotlineEvent) => api<GridEvent>('/events/hotline', { method: 'POST', body })

export function listEvents(query: Record<string, string | number | boolean | undefined | null>) {
  return api<Page<GridEvent>>('/events', { query })
}

/** The event with the version its ETag names (the detail's `version` is the same number). */
export const getEvent = (id: number) => api<EventDetail>(`/events/${id}`)
export const getTimeline = (id: number) => api<{ items: TimelineStep[] }>(`/events/${id}/timeline`).then((r) => r.items)

export function actOn(id: number, action: EventAction, version: number, body: ActBody = {}) {
  return api<GridEvent>(`/events/${id}/actions/${action}`, { method: 'POST', body, ifMatch: version })
}

export interface LocateResult { inside: boolean; grid: OrgUnit }
/** The grid at (or nearest to) a point; null when there is none in the caller's scope. */
export async function locate(lon: number, lat: number): Promise<LocateResult | null> {
  try {
    return await api<LocateResult>('/org/locate', { query: { lon: lon.toFixed(6), lat: lat.toFixed(6) } })
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'org.no_grid_here' || e.status === 404 || e.status === 403)) return null
    throw e
  }
}

/** Department names the caller may see (street officers see none: the UI falls back to ids). */
export async function fetchDepartments(): Promise<OrgUnit[]> {
  try {
    return (await api<Page<OrgUnit>>('/org/units', { query: { kind: 'department', limit: 500 } })).items
  } catch {
    return []
  }
}

export { etagFor, getToken }

/**
 * Events whistled to the caller's department and waiting for its report-in (待报到): the
 * summoned events in scope, then each one's detail (its `my_actions` says whether this caller
 * still has to report in). Until the inbox endpoint lands this costs one GET per open summons.
 */
export async function fetchSummoned(): Promise<{ pending: EventDetail[]; others: EventDetail[] }> {
  const page = await listEvents({ state: 'whistled,handling,submitted', limit: 100 })
  const details = await Promise.all(page.items.map((e) => getEvent(e.id).catch(() => null)))
  const pending: EventDetail[] = []
  const others: EventDetail[] = []
  for (const d of details) {
    if (!d) continue
    if (d.my_actions.includes('report_in')) pending.push(d)
    else others.push(d)
  }
  return { pending, others }
}
