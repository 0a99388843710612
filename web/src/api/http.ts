// Thin fetch wrapper for /api/v1: bearer token, JSON bodies, RFC 9457 problems as ApiError,
// and one hook for 401s on authenticated calls (the app sends the user back to login).

export interface Problem {
  type?: string
  title?: string
  status: number
  code: string
  detail?: string
  field?: string
  instance?: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly detail?: string
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfter?: number

  constructor(p: Problem, retryAfter?: number) {
    super(`${p.status} ${p.code}${p.detail ? ': ' + p.detail : ''}`)
    this.name = 'ApiError'
    this.status = p.status
    this.code = p.code
    this.field = p.field
    this.detail = p.detail
    this.retryAfter = retryAfter
  }
}

let token: string | null = null
let onUnauthorized: ((e: ApiError) => void) | null = null

export function setToken(t: string | null): void {
  token = t
}
export function getToken(): string | null {
  return token
}
export function setUnauthorizedHandler(fn: ((e: ApiError) => void) | null): void {
  onUnauthorized = fn
}

export interface RequestOptions {
  method?: string
  body?: unknown
  query?: Record<string, string | number | boolean | undefined | null>
  /** false: a 401 is the caller's business (the login form), not a session end. */
  authenticated?: boolean
  /** Optimistic concurrency: the version the caller edited, sent as If-Match: "v<version>". */
  ifMatch?: number
}

/** The ETag the API gives a resource of this version (see etag_for in src/api/context.cpp). */
export function etagFor(version: number): string {
  return `"v${version}"`
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, authenticated = true, ifMatch } = opts
  let url = '/api/v1' + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (authenticated && token) headers['Authorization'] = `Bearer ${token}`
  if (ifMatch !== undefined) headers['If-Match'] = etagFor(ifMatch)

  let res: Response
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError({ status: 0, code: 'network.unreachable', detail: 'network error' })
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  }
  let problem: Problem
  try {
    const p = await res.json()
    problem = { ...p, status: res.status, code: typeof p?.code === 'string' ? p.code : `http.${res.status}` }
  } catch {
    problem = { status: res.status, code: `http.${res.status}` }
  }
  const ra = Number(res.headers.get('Retry-After'))
  const err = new ApiError(problem, Number.isFinite(ra) && ra > 0 ? ra : undefined)
  if (res.status === 401 && authenticated && onUnauthorized) onUnauthorized(err)
  throw err
}
