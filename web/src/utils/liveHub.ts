// One live stream per browser tab, shared by every page part that listens (the dashboard, the
// list, the header's bell): the first subscriber opens GET /api/v1/stream, the last one to leave
// closes it. Without Vue so it can be unit tested with a fake client.
import { StreamClient, type SseMessage, type StreamOptions, type StreamStatus } from './sse'

export interface Subscriber { onMessage?: (m: SseMessage) => void; onStatus?: (s: StreamStatus) => void }
export interface Client { start(): Promise<void>; stop(): void; status: StreamStatus }

export class LiveHub {
  private subs = new Set<Subscriber>()
  private client: Client | null = null
  status: StreamStatus = 'stopped'
  constructor(private make: (o: Pick<StreamOptions, 'onMessage' | 'onStatus'>) => Client) {}

  subscribe(s: Subscriber): () => void {
    this.subs.add(s)
    s.onStatus?.(this.status)
    if (!this.client) {
      this.client = this.make({
        onMessage: (m) => { for (const x of [...this.subs]) x.onMessage?.(m) },
        onStatus: (st) => { this.status = st; for (const x of [...this.subs]) x.onStatus?.(st) },
      })
      void this.client.start()
    }
    return () => {
      if (!this.subs.delete(s)) return
      if (!this.subs.size && this.client) {
        const c = this.client
        this.client = null
        c.stop()
        this.status = 'stopped'
      }
    }
  }
  get size(): number { return this.subs.size }
}

let shared: LiveHub | null = null
/** The tab's hub for /api/v1/stream (token read at each (re)connect). */
export function sharedHub(token: () => string | null): LiveHub {
  shared ??= new LiveHub((o) => new StreamClient({ url: '/api/v1/stream', token, maxAttempts: 8, ...o }))
  return shared
}

/** The payload of an `event.changed` message (null when it is not one or not JSON). */
export interface EventChange {
  event_id: number; action: string; from: string | null; to: string; at: string
  event?: {
    id: number; code: string; title: string; state: string; state_name: string; location: [number, number] | null
    grid_id: number | null; community_id: number | null; street_id: number | null; subclass_name: string
    overdue: boolean; priority: number; reported_at: string
  }
}
export function parseChange(m: SseMessage): EventChange | null {
  if (m.event !== 'event.changed') return null
  try {
    const d = JSON.parse(m.data)
    return d && typeof d.event_id === 'number' ? (d as EventChange) : null
  } catch {
    return null
  }
}
