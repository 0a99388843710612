// What changed between two versions of an org unit (history snapshots), field by field.
import type { OrgUnit } from '../api/types'

export interface Change { field: string; label: string; before: unknown; after: unknown }

const FIELDS: [keyof OrgUnit, string][] = [
  ['name', 'org.name'],
  ['name_en', 'org.nameEn'],
  ['code', 'org.code'],
  ['worker_name', 'org.worker'],
  ['active', 'org.status'],
  ['area_m2', 'org.area'],
  ['population', 'org.population'],
]

export function diffSnapshots(before: OrgUnit | null, after: OrgUnit | null): Change[] {
  if (!before || !after) return []
  const out: Change[] = []
  for (const [f, label] of FIELDS) {
    const a = before[f] ?? null
    const b = after[f] ?? null
    if (a !== b) out.push({ field: f, label, before: a, after: b })
  }
  if (JSON.stringify(before.boundary ?? null) !== JSON.stringify(after.boundary ?? null)) {
    out.push({ field: 'boundary', label: 'org.boundaryChanged', before: null, after: null })
  }
  return out
}
