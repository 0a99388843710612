// Shapes of the API's JSON (see docs/openapi.json).
export type Permission =
  | 'self' | 'org.read' | 'org.write' | 'org.import' | 'user.read' | 'user.manage' | 'audit.read'
  | 'event.report' | 'event.read' | 'event.hotline' | 'event.supervise' | 'taxonomy.manage' | 'open311.manage'
  | 'people.read' | 'people.unmask' | 'register.manage'
export type UnitKind = 'district' | 'street' | 'community' | 'grid' | 'department'

export interface Prefs { locale?: 'zh-CN' | 'en'; elder_mode?: boolean; active_org_id?: number }
export interface Grant { id: number; role: string; role_name: string; org_id: number; org_name: string; org_kind: UnitKind }
export interface User {
  id: number; username: string; display_name: string; org_id: number; org_name: string
  active: boolean; locked: boolean; locked_until: string | null; version: number; created_at: string
  prefs: Prefs; grants: Grant[]
}
export interface Me extends User { permissions: Permission[] }
export interface LoginResponse { token: string; expires_at: string; user: Me }

export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }

export interface OrgUnit {
  id: number; parent_id: number | null; kind: UnitKind; code: string; name: string; name_en: string
  path: string; area_m2: number | null; worker_id: number | null; worker_name: string; active: boolean
  version: number; boundary?: Geometry | null
  population?: number | null  // communities: recorded residents (常住人口)
}
export interface Page<T> { items: T[]; next_after: number | null }

export interface ValidationReport {
  ok: boolean; tolerance_m2: number; community_error: string | null
  invalid_grids: { id: number; reason: string }[]
  outside: { id: number; area_m2: number; geometry: Geometry }[]
  overlaps: { id_a: number; id_b: number; area_m2: number; geometry: Geometry }[]
  uncovered: { area_m2: number; geometry: Geometry | null }
}
export type CommunityValidation =
  | { community_id: number; community_name: string; report: ValidationReport; ok: boolean; grids_without_boundary: number[] }
  | { community_id: number; community_name: string; error: string }

export interface AuditEntry {
  id: number; at: string; user_id: number; username: string; role: string; org_id: number
  action: string; object_type: string; object_id: string; summary: unknown; request_id: string; client_addr: string
}
export interface AuditPage { items: AuditEntry[]; next_before: number | null; retention_days: number }

/** GET /api/v1/roles: a role, its permissions and the org kinds it may be granted on. */
export interface RoleInfo { code: string; name: string; permissions: Permission[]; grant_kinds: UnitKind[] }
/** GET /api/v1/org/units/{id}/history: one version of a unit (changed_by 0 = the system). */
export interface HistoryEntry { version: number; action: 'create' | 'update' | 'deactivate' | string; changed_by: number; changed_at: string; snapshot: OrgUnit | null }
