// 一标三实 register, reading: people search (masked), a person's card, unmasking with a stated
// purpose (audited), households, the standard-address tree, building views and population
// statistics (see routes_people.cpp and docs/openapi.json, tag "register").
import { api } from './http'
import type { Page } from './types'

export type ResidenceType = 'registered' | 'migrant' | 'overseas' | ''
export type Separation = 'here_hukou_elsewhere' | 'hukou_here_away'

/** One resident as the search and the household list show them (identifiers masked). */
export interface PersonSummary {
  id: number; name: string; gender: string; birth_date: string; id_number: string; phone: string
  address: string; community: string; residence_type: ResidenceType; relation: string
  here_hukou_elsewhere: boolean; hukou_here_away: boolean; age: number | null
  room_id: number | null; household_id: number | null; community_id: number | null; tags: string[]
}
export interface SourceRecord { source: string; source_name: string; record_key: string; batch_id: number; status: string }
export interface HistoryItem { at: number; source: string; batch_id: number | null; fields: string[] }
export interface MergeItem { id: number; merged_id: number; reason: string; score: number | null; merged_at: number; undone: boolean }
export interface PersonCard extends PersonSummary {
  ethnicity: string; hukou_address: string; arrival_date: string; id_type: string
  /** field → source code that supplied its value */
  provenance: Record<string, string>
  version: number; created_at: number; updated_at: number
  building?: { id: number; name: string }
  records: SourceRecord[]
  household_members?: { id: number; name: string; relation: string }[]
  history: HistoryItem[]
  merges: MergeItem[]
}
export interface Household {
  id: number; household_no: string; head_person_id: number | null; room_id: number | null; address: string
  members: PersonSummary[]
}
export type UnmaskField = 'id_number' | 'phone'
export interface Unmasked { id: number; id_number?: string | null; phone?: string | null }

export type AddressLevel = 'estate' | 'building' | 'unit' | 'floor' | 'room'
export interface AddressNode {
  id: number; level: AddressLevel; code: string; name: string; full_name: string; children: number
  number: number | null; floors: number | null; grid_id: number | null
}
export interface BuildingRoom {
  id: number; name: string; use: string | null; occupants: number; area_m2: number | null
  /** care tag → how many residents of the room hold it */
  tags: Record<string, number>
}
export interface BuildingFloor { number: number; rooms: BuildingRoom[] }
export interface BuildingUnit { id: number; name: string; number: number; floors: BuildingFloor[] }
export interface BuildingView {
  id: number; name: string; full_name: string; floors: number; code: string; grid_id: number | null
  footprint: unknown; units: BuildingUnit[]
}

export const STAT_KEYS = ['residents', 'migrants', 'overseas', 'here_hukou_elsewhere', 'hukou_here_away', 'elderly_60', 'elderly_80', 'living_alone'] as const
export type StatKey = (typeof STAT_KEYS)[number]
export type StatFigures = Record<StatKey, number> & { tags: Record<string, number> }
export interface StatRow extends StatFigures { id: number | null; name: string; code: string }
export interface RegisterStats { by: 'community' | 'grid'; items: StatRow[]; total: StatFigures }

export interface PeopleQuery {
  q?: string; id_number?: string; phone?: string; address?: string; tag?: string
  residence_type?: string; separation?: string; room_id?: number; household_id?: number
  community_id?: number; after?: number | null; limit?: number
}

export const searchPeople = (q: PeopleQuery) => api<Page<PersonSummary>>('/people', { query: { ...q } })
export const fetchPerson = (id: number) => api<PersonCard>(`/people/${id}`)
export const unmaskPerson = (id: number, fields: UnmaskField[], purpose: string) =>
  api<Unmasked>(`/people/${id}/unmask`, { method: 'POST', body: { fields, purpose } })
export const fetchHousehold = (id: number) => api<Household>(`/households/${id}`)
export const listAddresses = (q: { community_id?: number; parent_id?: number }) =>
  api<{ items: AddressNode[] }>('/addresses', { query: q }).then((r) => r.items)
export const fetchBuilding = (id: number) => api<BuildingView>(`/buildings/${id}`)
export const fetchRegisterStats = (by: 'community' | 'grid') => api<RegisterStats>('/register/stats', { query: { by } })

export interface Organisation {
  id: number; name: string; uscc: string; org_type: string; address: string
  contact_name: string; contact_phone: string; room_id: number | null; staff_count: number | null
}
export interface NewOrganisation {
  name: string; uscc: string; org_type: string; address?: string; contact_name?: string
  contact_phone?: string; staff_count?: number; room_id?: number
}
export const listOrganisations = (q: string, after: number | null, limit = 30) =>
  api<Page<Organisation>>('/organisations', { query: { q, after, limit } })
export const createOrganisation = (body: NewOrganisation) =>
  api<Organisation>('/organisations', { method: 'POST', body })
