// 督办 records and the monthly 红黄牌 per department.
import { api } from './http'
import type { Page } from './types'

export interface Supervision {
  id: number; event_id: number; event_title: string; stage: string; dept_id: number | null; dept_name: string
  level: string; opened_at: string; due_at: string; closed_at: string | null
}
export interface DeptCard { dept_id: number; dept_name: string; supervisions: number; card: 'yellow' | 'red' | null }

export const listSupervisions = (open = true, limit = 50) =>
  api<Page<Supervision>>('/supervisions', { query: { open: String(open), limit } }).then((r) => r.items)
export const fetchCards = (month: string) =>
  api<{ month: string; yellow: number; red: number; items: DeptCard[] }>('/supervisions/cards', { query: { month } })
