// Pure helpers of the register pages (一标三实): care-tag and room-use vocabularies with their
// colours, import issue codes → message keys, the building grid (units × floors, top floor
// first) built from GET /buildings/{id}, the people-search query (ID number / phone / name told
// apart), the import query (map.<header>=<field>) and the statistics' figures.
import type { BuildingRoom, BuildingView, PeopleQuery, StatFigures, StatRow } from '../api/people'

// ---- care tags (重点人群) ----

/** Every care tag the server knows (people/care.cpp), derived ones first. */
export const CARE_TAGS = [
  'elderly_60', 'elderly_80', 'living_alone', 'disabled', 'low_income', 'veteran', 'party_member',
  'volunteer', 'chronic_disease', 'incapacitated', 'maternal',
] as const
export type CareTag = (typeof CARE_TAGS)[number]
export const DERIVED_TAGS: readonly CareTag[] = ['elderly_60', 'elderly_80', 'living_alone']

/** The message key of a tag's name, or null for a code this console does not know. */
export function tagKey(code: string): string | null {
  return (CARE_TAGS as readonly string[]).includes(code) ? 'reg.tag.' + code : null
}

export type Tone = 'danger' | 'warning' | 'primary' | 'info'
/** Living alone is the most urgent (red), 80+ next (amber); the rest are informational. */
export function tagTone(code: string): Tone {
  if (code === 'living_alone') return 'danger'
  if (code === 'elderly_80' || code === 'incapacitated') return 'warning'
  if (code === 'disabled' || code === 'low_income' || code === 'chronic_disease' || code === 'maternal') return 'primary'
  return 'info'
}

/** Badge colours: white on a dark fill (contrast ≥ 4.5:1), the words carry the meaning. */
export const TONE_COLORS: Record<Tone, { bg: string; fg: string }> = {
  danger: { bg: '#b42318', fg: '#ffffff' },
  warning: { bg: '#8a4b00', fg: '#ffffff' },
  primary: { bg: '#1d4ed8', fg: '#ffffff' },
  info: { bg: '#4b5563', fg: '#ffffff' },
}

// The order badges appear in a building's room cell (most urgent first).
const BADGE_ORDER: readonly string[] = [
  'living_alone', 'elderly_80', 'incapacitated', 'disabled', 'low_income', 'veteran', 'chronic_disease',
  'maternal', 'elderly_60', 'party_member', 'volunteer',
]

export interface Badge { tag: string; count: number; tone: Tone }
/** A room's care-tag counts as badges, most urgent first; elderly_60 is left out when 80+ is shown. */
export function roomBadges(tags: Record<string, number>, max = 3): { shown: Badge[]; more: number } {
  const all = Object.entries(tags)
    .filter(([tag, n]) => n > 0 && tagKey(tag) && !(tag === 'elderly_60' && (tags.elderly_80 ?? 0) >= n))
    .sort(([a], [b]) => BADGE_ORDER.indexOf(a) - BADGE_ORDER.indexOf(b))
    .map(([tag, count]) => ({ tag, count, tone: tagTone(tag) }))
  return { shown: all.slice(0, max), more: Math.max(0, all.length - max) }
}

// ---- housing (房屋用途) ----

export const ROOM_USES = ['owner_occupied', 'rented', 'vacant', 'commercial', 'other'] as const
export type RoomUse = (typeof ROOM_USES)[number] | 'unknown'

/** Cell colours by use (dark text on a light fill, ≥ 4.5:1); the use is also written in the cell. */
export const USE_COLORS: Record<RoomUse, { bg: string; border: string }> = {
  owner_occupied: { bg: '#dbeafe', border: '#1d4ed8' },
  rented: { bg: '#fef3c7', border: '#b45309' },
  vacant: { bg: '#eef0f3', border: '#6b7280' },
  commercial: { bg: '#ede9fe', border: '#6d28d9' },
  other: { bg: '#dcfce7', border: '#15803d' },
  unknown: { bg: '#ffffff', border: '#9ca3af' },
}

export function roomUse(use: string | null | undefined): RoomUse {
  return use && (ROOM_USES as readonly string[]).includes(use) ? (use as RoomUse) : 'unknown'
}

// ---- the building grid ----

export interface GridUnit { id: number; name: string; number: number }
export interface GridRow { floor: number; cells: BuildingRoom[][] }
export interface BuildingGrid { units: GridUnit[]; rows: GridRow[]; rooms: number }

/** Units as columns, floors as rows (top floor first), each cell the unit's rooms on that floor. */
export function buildingGrid(b: Pick<BuildingView, 'units'>): BuildingGrid {
  const units = [...b.units].sort((x, y) => x.number - y.number)
  const floors = new Set<number>()
  for (const u of units) for (const f of u.floors) floors.add(f.number)
  const order = [...floors].sort((x, y) => y - x)
  let rooms = 0
  const rows = order.map((floor) => ({
    floor,
    cells: units.map((u) => {
      const list = [...(u.floors.find((f) => f.number === floor)?.rooms ?? [])]
      list.sort((x, y) => x.name.localeCompare(y.name, 'zh-CN', { numeric: true }))
      rooms += list.length
      return list
    }),
  }))
  return { units: units.map(({ id, name, number }) => ({ id, name, number })), rows, rooms }
}

/** How many rooms of each use (for the legend's counts). */
export function useCounts(grid: BuildingGrid): Record<RoomUse, number> {
  const out: Record<RoomUse, number> = { owner_occupied: 0, rented: 0, vacant: 0, commercial: 0, other: 0, unknown: 0 }
  for (const r of grid.rows) for (const c of r.cells) for (const room of c) out[roomUse(room.use)] += 1
  return out
}

// ---- people search ----

export interface PeopleFilters { text: string; address: string; tag: string; residence_type: string; separation: string }
export const emptyPeopleFilters = (): PeopleFilters => ({ text: '', address: '', tag: '', residence_type: '', separation: '' })

/** The kind of thing typed in the one search box: an ID number, a mobile number, or a name. */
export function classifySearch(text: string): { kind: 'id_number' | 'phone' | 'q' | 'none'; value: string } {
  const s = text.normalize('NFKC').trim()
  if (!s) return { kind: 'none', value: '' }
  const compact = s.replace(/[\s-]/g, '')
  if (/^\d{17}[\dXx]$/.test(compact) || /^\d{15}$/.test(compact)) return { kind: 'id_number', value: compact.toUpperCase() }
  const phone = compact.replace(/^(\+?86)/, '')
  if (/^1\d{10}$/.test(phone)) return { kind: 'phone', value: phone }
  return { kind: 'q', value: s }
}

/** The GET /people query for the filters (empty values left out). */
export function peopleQuery(f: PeopleFilters, extra: Partial<PeopleQuery> = {}): PeopleQuery {
  const q: PeopleQuery = {}
  const c = classifySearch(f.text)
  if (c.kind !== 'none') q[c.kind] = c.value
  if (f.address.trim()) q.address = f.address.trim()
  if (f.tag) q.tag = f.tag
  if (f.residence_type) q.residence_type = f.residence_type
  if (f.separation) q.separation = f.separation
  return { ...q, ...extra }
}

// ---- the person card ----

/** The card's fields in display order and the provenance key each one's source is kept under. */
export const CARD_FIELDS: readonly { field: string; prov: string }[] = [
  { field: 'name', prov: 'name' }, { field: 'gender', prov: 'gender' }, { field: 'birth_date', prov: 'birth_date' },
  { field: 'ethnicity', prov: 'ethnicity' }, { field: 'id_number', prov: 'id_number' }, { field: 'phone', prov: 'phone' },
  { field: 'hukou_address', prov: 'hukou_address' }, { field: 'address', prov: 'residence' },
  { field: 'residence_type', prov: 'residence_type' }, { field: 'arrival_date', prov: 'arrival_date' },
  { field: 'relation', prov: 'relation' },
]

/** Milliseconds since the epoch → "YYYY-MM-DD HH:mm" in Beijing time. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  const d = new Date(ms + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** The unmask purpose the server accepts: 4–200 characters (code points), not blank. */
export function validPurpose(purpose: string): boolean {
  const n = [...purpose.trim()].length
  return n >= 4 && n <= 200
}

// ---- import ----

/** Canonical extract fields (ingest/fields.cpp), the choices for mapping an ignored column. */
export const FIELD_CODES = [
  'record_key', 'name', 'gender', 'birth_date', 'ethnicity', 'id_type', 'id_number', 'phone', 'hukou_address',
  'actual_address', 'arrival_date', 'residence_type', 'household_no', 'relation', 'care_tags', 'health_tags',
  'room_use', 'area', 'owner_name', 'owner_id_number', 'owner_phone',
] as const

/** Issue codes the importer reports (ingest/extract_row.cpp, people/id_number.cpp …). */
export const ISSUE_CODES = [
  'id.check_digit', 'id.birth_date', 'id.length', 'id.chars', 'phone.invalid', 'date.invalid', 'row.no_name',
  'row.no_address', 'gender.id_mismatch', 'gender.invalid', 'birth_date.id_mismatch', 'tag.unknown',
  'residence_type.unknown', 'area.invalid',
] as const

/** The message key of an issue code, or null when the console has no words for it. */
export function issueKey(code: string): string | null {
  return (ISSUE_CODES as readonly string[]).includes(code) ? 'reg.issue.' + code : null
}

export const ENCODINGS = ['', 'utf-8', 'gbk', 'gb18030'] as const

export interface ImportParams {
  source: string; dryRun: boolean; fileName: string; encoding?: string
  /** header of the record-key column */ key?: string
  /** header → field code; empty codes are left out */ mapping?: Record<string, string>
}
/** The POST /imports query string's pairs. */
export function importQuery(p: ImportParams): Record<string, string> {
  const q: Record<string, string> = { source: p.source, dry_run: p.dryRun ? 'true' : 'false', file_name: p.fileName }
  if (p.encoding) q.encoding = p.encoding
  if (p.key) q.key = p.key
  for (const [header, field] of Object.entries(p.mapping ?? {})) {
    if (!field || !header) continue
    if (field === 'record_key' && !p.key) q.key = header
    else q['map.' + header] = field
  }
  return q
}

/** The department a file probably comes from, by its name (police.csv, 民政-低保.xlsx …). */
export function guessSource(fileName: string, codes: readonly string[]): string {
  const n = fileName.toLowerCase()
  const hints: [RegExp, string][] = [
    [/police|公安|派出所|户籍/, 'police'], [/civil|民政|低保|残联/, 'civil'],
    [/health|卫健|卫生|医/, 'health'], [/housing|住建|房屋|房管/, 'housing'],
  ]
  for (const [re, code] of hints) if (re.test(n) && codes.includes(code)) return code
  return ''
}

export const isSpreadsheet = (name: string) => /\.xlsx?$/i.test(name)
/** A spreadsheet's upload name: the same name with .csv. */
export const csvName = (name: string) => name.replace(/\.xlsx?$/i, '.csv')

/** Issues grouped by code with counts, most frequent first (the dry run's summary line). */
export function issueSummary(issues: readonly { code: string; severity: string }[]): { code: string; count: number; errors: number }[] {
  const m = new Map<string, { code: string; count: number; errors: number }>()
  for (const i of issues) {
    const e = m.get(i.code) ?? { code: i.code, count: 0, errors: 0 }
    e.count += 1
    if (i.severity === 'error') e.errors += 1
    m.set(i.code, e)
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
}

// ---- statistics ----

/** The figures a statistics column may show: the stored counts and each care tag. */
export const STAT_GROUPS = {
  population: ['residents', 'migrants', 'overseas'],
  separation: ['here_hukou_elsewhere', 'hukou_here_away'],
  elderly: ['elderly_60', 'elderly_80', 'living_alone'],
  care: ['disabled', 'low_income', 'veteran', 'party_member', 'volunteer', 'chronic_disease', 'incapacitated', 'maternal'],
} as const
export type StatGroup = keyof typeof STAT_GROUPS

export function statValue(row: StatFigures, key: string): number {
  const v = (row as unknown as Record<string, unknown>)[key]
  if (typeof v === 'number') return v
  return row.tags?.[key] ?? 0
}

/** The chart's categories and one series per figure of the group (rows without a place last). */
export function statSeries(items: readonly StatRow[], group: StatGroup, unplaced: string): { categories: string[]; series: { key: string; data: number[] }[] } {
  const rows = [...items].sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.code.localeCompare(b.code)))
  return {
    categories: rows.map((r) => r.name || unplaced),
    series: STAT_GROUPS[group].map((key) => ({ key, data: rows.map((r) => statValue(r, key)) })),
  }
}

/** The message key of a statistics figure: the stored counts have their own, care tags their tag's. */
export function statLabelKey(key: string): string {
  return tagKey(key) && !['elderly_60', 'elderly_80', 'living_alone'].includes(key) ? 'reg.tag.' + key : 'reg.stats.k.' + key
}

/** The message key naming a change sample's field (import dry run), or null to show the code. */
export function changeFieldKey(field: string): string | null {
  if ((FIELD_CODES as readonly string[]).includes(field)) return 'reg.field.' + field
  const other: Record<string, string> = { tag: 'reg.cf.tags', residence: 'reg.cf.address', household: 'reg.cf.household', new_person: 'reg.import.newPerson' }
  return other[field] ?? null
}

/** A change sample's value in words where it is a code (tags, gender, room use); else as given. */
export function changeValueKey(field: string, value: string): string | null {
  if (field === 'tag') return tagKey(value)
  if (field === 'gender' && (value === 'M' || value === 'F')) return 'reg.gender.' + value
  if (field === 'room_use' && value) return 'reg.use.' + roomUse(value)
  if (field === 'residence_type' && ['registered', 'migrant', 'overseas'].includes(value)) return 'reg.residence.' + value
  return null
}
