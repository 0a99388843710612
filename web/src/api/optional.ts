// Endpoints that may not be deployed yet (a 404 / 405 / 501 from the server means "this server
// does not have it"): the page hides that panel with a note instead of failing.
import { ApiError } from './http'

export type Maybe<T> = { ok: true; value: T } | { ok: false; missing: true } | { ok: false; missing: false; error: unknown }

/** A route the server does not know answers 404 with code http.not_found (or 405/501). */
export function isMissingEndpoint(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false
  if (e.status === 405 || e.status === 501) return true
  return e.status === 404 && (e.code === 'http.not_found' || e.code === 'http.404' || e.code === 'route.not_found')
}

export async function maybe<T>(p: Promise<T>): Promise<Maybe<T>> {
  try {
    return { ok: true, value: await p }
  } catch (e) {
    return isMissingEndpoint(e) ? { ok: false, missing: true } : { ok: false, missing: false, error: e }
  }
}
