// Event attachments (photos, evidence): raw-body upload, list, and the bytes fetched with the
// Authorization header (an <img src> cannot send it) and shown through an object URL.
import { api, ApiError, getToken } from './http'
import type { GridEvent } from './events'

export interface Attachment { id: number; sha256: string; mime: string; size: number; name: string; at: string; url: string }
export interface Duplicate extends GridEvent { distance_m: number; hours_apart: number }

export async function uploadAttachment(eventId: number, blob: Blob, name: string): Promise<Attachment> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': blob.type || 'application/octet-stream' }
  const tok = getToken()
  if (tok) headers.Authorization = `Bearer ${tok}`
  let res: Response
  try {
    res = await fetch(`/api/v1/events/${eventId}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: blob })
  } catch {
    throw new ApiError({ status: 0, code: 'network.unreachable' })
  }
  if (res.ok) return (await res.json()) as Attachment
  let code = `http.${res.status}`
  try { const p = await res.json(); if (typeof p?.code === 'string') code = p.code } catch { /* not JSON */ }
  throw new ApiError({ status: res.status, code })
}

export const listAttachments = (eventId: number) =>
  api<{ items: Attachment[] }>(`/events/${eventId}/attachments`).then((r) => r.items)

/** The attachment's bytes as an object URL (revoke it when done). */
export async function attachmentUrl(eventId: number, a: Pick<Attachment, 'id'>): Promise<string> {
  const tok = getToken()
  const res = await fetch(`/api/v1/events/${eventId}/attachments/${a.id}`, { headers: tok ? { Authorization: `Bearer ${tok}` } : {} })
  if (!res.ok) throw new ApiError({ status: res.status, code: `http.${res.status}` })
  return URL.createObjectURL(await res.blob())
}

export const listDuplicates = (eventId: number) =>
  api<{ items: Duplicate[] }>(`/events/${eventId}/duplicates`).then((r) => r.items)

/** GET /events.csv with the list's filters, saved as a file through a temporary link. */
export async function downloadEventsCsv(query: Record<string, string>, filename: string): Promise<void> {
  const tok = getToken()
  const qs = new URLSearchParams(query).toString()
  const res = await fetch('/api/v1/events.csv' + (qs ? '?' + qs : ''), { headers: tok ? { Authorization: `Bearer ${tok}`, Accept: 'text/csv' } : { Accept: 'text/csv' } })
  if (!res.ok) {
    let code = `http.${res.status}`
    try { const p = await res.json(); if (typeof p?.code === 'string') code = p.code } catch { /* not JSON */ }
    throw new ApiError({ status: res.status, code })
  }
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
