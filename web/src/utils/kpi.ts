// 考核统计 helpers: the table's columns (key, how to read the figure, how to show it), sorting
// with nulls last, period presets in Beijing days, and formatting (rates as %, hours, —).
import type { KpiFigures, KpiRow } from '../api/kpis'
import { shanghaiDay } from './events'

export type KpiFormat = 'count' | 'rate' | 'hours' | 'score' | 'per1000'
export interface KpiColumn { key: string; label: string; format: KpiFormat; get: (r: KpiFigures) => number | null; higherIsBetter: boolean }

export const KPI_COLUMNS: KpiColumn[] = [
  { key: 'reported', label: 'kpi.reported', format: 'count', get: (r) => r.reported, higherIsBetter: true },
  { key: 'accepted', label: 'kpi.accepted', format: 'count', get: (r) => r.accepted, higherIsBetter: true },
  { key: 'resolved_in_grid_rate', label: 'kpi.resolvedInGridRate', format: 'rate', get: (r) => r.resolved_in_grid_rate, higherIsBetter: true },
  { key: 'whistled', label: 'kpi.whistled', format: 'count', get: (r) => r.whistled, higherIsBetter: false },
  { key: 'on_time_report_in_rate', label: 'kpi.onTimeReportInRate', format: 'rate', get: (r) => r.on_time_report_in_rate, higherIsBetter: true },
  { key: 'closed', label: 'kpi.closed', format: 'count', get: (r) => r.closed, higherIsBetter: true },
  { key: 'on_time_close_rate', label: 'kpi.onTimeCloseRate', format: 'rate', get: (r) => r.on_time_close_rate, higherIsBetter: true },
  { key: 'handling_mean', label: 'kpi.handlingMean', format: 'hours', get: (r) => r.handling_hours?.mean ?? null, higherIsBetter: false },
  { key: 'handling_median', label: 'kpi.handlingMedian', format: 'hours', get: (r) => r.handling_hours?.median ?? null, higherIsBetter: false },
  { key: 'handling_p90', label: 'kpi.handlingP90', format: 'hours', get: (r) => r.handling_hours?.p90 ?? null, higherIsBetter: false },
  { key: 'reopen_rate', label: 'kpi.reopenRate', format: 'rate', get: (r) => r.reopen_rate, higherIsBetter: false },
  { key: 'satisfaction', label: 'kpi.satisfaction', format: 'score', get: (r) => r.satisfaction, higherIsBetter: true },
  { key: 'satisfied_rate', label: 'kpi.satisfiedRate', format: 'rate', get: (r) => r.satisfied_rate, higherIsBetter: true },
  { key: 'complaints', label: 'kpi.complaints', format: 'count', get: (r) => r.complaints, higherIsBetter: false },
  { key: 'population', label: 'kpi.population', format: 'count', get: (r) => r.population, higherIsBetter: true },
  { key: 'complaints_per_1000', label: 'kpi.per1000', format: 'per1000', get: (r) => r.complaints_per_1000, higherIsBetter: false },
]

/** The i18n key saying where a row's population comes from, when it is not a recorded figure. */
export function populationNote(r: KpiFigures): string | null {
  return r.population_source === 'register' || r.population_source === 'mixed' ? `kpi.populationFrom.${r.population_source}` : null
}
export const column = (key: string) => KPI_COLUMNS.find((c) => c.key === key) ?? KPI_COLUMNS[0]

export function formatKpi(v: number | null | undefined, f: KpiFormat): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  switch (f) {
    case 'count': return String(Math.round(v))
    case 'rate': return `${(v * 100).toFixed(1)}%`
    case 'hours': return v.toFixed(1)
    case 'score': return v.toFixed(2)
    case 'per1000': return v.toFixed(2)
  }
}

/** Rows sorted by a column; missing figures (null) always last; ties by name. */
export function sortRows(rows: readonly KpiRow[], key: string, desc: boolean): KpiRow[] {
  const c = column(key)
  return [...rows].sort((a, b) => {
    const x = c.get(a), y = c.get(b)
    if (x === null && y === null) return a.org_name.localeCompare(b.org_name, 'zh-CN')
    if (x === null) return 1
    if (y === null) return -1
    return (desc ? y - x : x - y) || a.org_name.localeCompare(b.org_name, 'zh-CN')
  })
}

export type Preset = 'thisMonth' | 'lastMonth' | 'last30' | 'thisYear'
export const PRESETS: Preset[] = ['thisMonth', 'lastMonth', 'last30', 'thisYear']
/** A preset period as Beijing dates (both inclusive). */
export function presetRange(p: Preset, now = Date.now()): { from: string; to: string } {
  const today = shanghaiDay(now)
  const [y, m] = today.split('-').map(Number)
  const pad = (n: number) => String(n).padStart(2, '0')
  switch (p) {
    case 'thisMonth': return { from: `${y}-${pad(m)}-01`, to: today }
    case 'lastMonth': {
      const ly = m === 1 ? y - 1 : y, lm = m === 1 ? 12 : m - 1
      const last = new Date(Date.UTC(y, m - 1, 0)).getUTCDate()
      return { from: `${ly}-${pad(lm)}-01`, to: `${ly}-${pad(lm)}-${pad(last)}` }
    }
    case 'last30': return { from: shanghaiDay(now - 29 * 86_400_000), to: today }
    case 'thisYear': return { from: `${y}-01-01`, to: today }
  }
}
export const validRange = (from: string, to: string) => /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to
