// 考核统计: KPIs per grid / community / street / department and period, the reported/closed/overdue
// series, and breakdowns by class, channel or state (all computed by the server from transitions).
import { api } from './http'

export type KpiGroup = 'grid' | 'community' | 'street' | 'department'
export interface HandlingHours { mean: number | null; median: number | null; p90: number | null }
export interface KpiFigures {
  reported: number; accepted: number; rejected: number; resolved_in_grid: number; resolved_in_grid_rate: number | null
  whistled: number; report_ins: number; report_ins_on_time: number; on_time_report_in_rate: number | null
  closed: number; closed_on_time: number; on_time_close_rate: number | null; handling_hours: HandlingHours
  reopened: number; reopen_rate: number | null; rated: number; satisfaction: number | null; satisfied_rate: number | null
  complaints: number; population: number | null; complaints_per_1000: number | null
  /** where `population` comes from: recorded on the org unit, the register's residents, or both summed */
  population_source?: 'recorded' | 'register' | 'mixed' | null
}
export interface KpiRow extends KpiFigures { org_id: number; org_code: string; org_name: string }
export interface KpiReport { group: KpiGroup; from: string; to: string; items: KpiRow[]; total: KpiFigures }
export interface SeriesPoint { period: string; reported: number; closed: number; overdue: number }
export interface BreakdownItem { key: string; name: string; count: number }

export const fetchKpis = (q: { group: KpiGroup; from: string; to: string; parent_id?: number | null }) =>
  api<KpiReport>('/kpis', { query: q })
export const fetchSeries = (q: { interval: 'day' | 'month'; from: string; to: string; org_id?: number | null }) =>
  api<{ interval: string; items: SeriesPoint[] }>('/kpis/series', { query: q }).then((r) => r.items)
export const fetchBreakdown = (q: { by: 'class' | 'channel' | 'state'; from: string; to: string; org_id?: number | null }) =>
  api<{ by: string; items: BreakdownItem[] }>('/kpis/breakdown', { query: q }).then((r) => r.items)
