// 一标三实 register, writing: department sources, extract imports (dry run and commit, the file's
// bytes as the body), batches and roll-back, the review queue and merge undo (routes_imports.cpp).
import { api, ApiError, getToken } from './http'
import type { Page } from './types'

export interface ImportSource {
  code: string; name: string; name_en: string; builtin: boolean
  priorities: Record<string, number>; mapping: string
}
export interface RowCounts { total: number; new: number; merged: number; updated: number; same: number; review: number; error: number }
export interface ImportIssue { row: number; record_key: string; field: string; code: string; value: string; severity: 'error' | 'warning' }
export interface ImportChange { row: number; record_key: string; person_id: number; field: string; before: string; after: string }
export interface ImportReport {
  batch_id: number; dry_run: boolean; source: string; encoding: string
  columns: { header: string; field: string }[]; ignored_columns: string[]
  rows: RowCounts; address_unmatched: number; match_review: number; warnings: number; errors: number
  issues: ImportIssue[]; changes: ImportChange[]; seconds: number
}
export interface ImportBatch {
  id: number; source: string; source_name: string; file_name: string; encoding: string
  state: string; rows: RowCounts; created_by: string; created_at: number
  rolled_back_at: number | null; open_reviews: number; file_sha256: string
}
export interface RollbackReport { batch_id: number; restored: number; removed_persons: number; removed_records: number; kept: number }

export interface PersonBrief {
  id: number; name: string; gender: string; birth_date: string; id_number: string; phone: string
  address: string; merged_into: number | null
}
export interface ReviewRecord {
  name?: string; gender?: string; birth_date?: string; id_masked?: string; phone_masked?: string
  address?: string; hukou_address?: string; tags?: string[]; room_use?: string; area_m2?: number
}
export interface ReviewItem {
  id: number; kind: 'address' | 'match'; batch_id: number | null; state: string; created_at: number
  source: string; source_name: string; record_key: string; record: ReviewRecord
  detail: { text?: string; estate?: string; building?: number; unit?: number; room?: string; new_person?: number; source?: string }
  score: number | null
  /** match: the register's person the newcomer may be */ candidate?: PersonBrief | null
  /** the person the row created or updated (the newcomer of a match) */ person?: PersonBrief | null
}
export type ReviewAction = 'merge' | 'separate' | 'fix' | 'dismiss'
export interface ReviewResult { id: number; state: string; merge_id?: number; person_id?: number; room_id?: number }

export const listSources = () => api<{ items: ImportSource[] }>('/import/sources').then((r) => r.items)
/** The field groups a source ranks (1 = most trusted), in display order. */
export const FIELD_GROUPS = ['identity', 'hukou', 'residence', 'contact', 'care', 'health', 'housing'] as const
export interface NewImportSource {
  code: string; name: string; name_en?: string; priorities: Record<string, number>; mapping?: string
}
export const createSource = (body: NewImportSource) =>
  api<ImportSource>('/import/sources', { method: 'POST', body })

/** POST /imports with the file's bytes; `query` comes from importQuery (utils/register). */
export async function runImport(body: Blob, query: Record<string, string>): Promise<ImportReport> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'text/csv' }
  const tok = getToken()
  if (tok) headers.Authorization = `Bearer ${tok}`
  let res: Response
  try {
    res = await fetch('/api/v1/imports?' + new URLSearchParams(query).toString(), { method: 'POST', headers, body })
  } catch {
    throw new ApiError({ status: 0, code: 'network.unreachable' })
  }
  if (res.ok) return (await res.json()) as ImportReport
  let problem = { status: res.status, code: `http.${res.status}`, detail: undefined as string | undefined, field: undefined as string | undefined }
  try {
    const p = await res.json()
    if (typeof p?.code === 'string') problem = { ...problem, code: p.code, detail: p.detail, field: p.field }
  } catch { /* not JSON */ }
  throw new ApiError(problem)
}

export const listBatches = (after: number | null, limit = 30) => api<Page<ImportBatch>>('/imports', { query: { after, limit } })
export const fetchBatch = (id: number) => api<ImportBatch>(`/imports/${id}`)
export const rollbackBatch = (id: number) => api<RollbackReport>(`/imports/${id}/rollback`, { method: 'POST' })

export const listReviews = (q: { kind?: string; state?: string; batch_id?: number; after?: number | null; limit?: number }) =>
  api<Page<ReviewItem>>('/reviews', { query: q })
export const resolveReview = (id: number, body: { action: ReviewAction; room_id?: number; note?: string }) =>
  api<ReviewResult>(`/reviews/${id}/resolve`, { method: 'POST', body })
export const undoMerge = (id: number) => api<{ id: number; undone: boolean }>(`/person-merges/${id}/undo`, { method: 'POST' })
