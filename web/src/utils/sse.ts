// Server-sent events over fetch(): EventSource cannot send an Authorization header, so the live
// stream (GET /api/v1/stream) is read with fetch + ReadableStream. This file is the part without
// Vue: the frame parser (WHATWG "event stream interpretation"), the reconnect backoff, and a
// client that reconnects with Last-Event-ID. useLiveEvents (composables) puts Vue around it.

export interface SseMessage { id: string; event: string; data: string }

/** Incremental parser: feed() text as it arrives, get the complete messages back. */
export class SseParser {
  private buf = ''
  private data: string[] = []
  private event = ''
  private sawData = false
  /** The last `id:` seen (kept across messages, as the spec says). */
  lastEventId = ''
  /** A `retry:` the server asked for, in ms. */
  retry: number | null = null

  feed(chunk: string): SseMessage[] {
    this.buf += chunk
    const out: SseMessage[] = []
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buf)
      if (!m) break
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (m[0] === '\r' && m.index === this.buf.length - 1) break
      const line = this.buf.slice(0, m.index)
      this.buf = this.buf.slice(m.index + m[0].length)
      const msg = this.line(line)
      if (msg) out.push(msg)
    }
    return out
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      if (!this.sawData) { this.event = ''; return null }
      const msg = { id: this.lastEventId, event: this.event || 'message', data: this.data.join('\n') }
      this.data = []
      this.event = ''
      this.sawData = false
      return msg
    }
    if (line.startsWith(':')) return null // comment / keep-alive
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'data': this.data.push(value); this.sawData = true; break
      case 'event': this.event = value; break
      case 'id': if (!value.includes('\0')) this.lastEventId = value; break
      case 'retry': if (/^\d+$/.test(value)) this.retry = Number(value); break
      default: break
    }
    return null
  }
}

/** Delay before reconnect attempt `n` (0-based): doubling from `base`, capped, with up to 20 % jitter. */
export function backoff(n: number, base = 1000, max = 30_000, random: () => number = Math.random): number {
  const d = Math.min(max, base * 2 ** Math.min(n, 20))
  return Math.round(d * (0.8 + 0.2 * random()))
}

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unavailable' | 'stopped'

export interface StreamOptions {
  url: string
  token: () => string | null
  onMessage: (m: SseMessage) => void
  onStatus?: (s: StreamStatus) => void
  fetchImpl?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Give up (status "unavailable") after this many failed attempts in a row. */
  maxAttempts?: number
}

/** Connects, reads, and reconnects with Last-Event-ID until stop(). 404/501 → "unavailable"; 401/403 → stopped. */
export class StreamClient {
  private stopped = false
  private ctrl: AbortController | null = null
  private parser = new SseParser()
  attempts = 0
  status: StreamStatus = 'stopped'
  constructor(private o: StreamOptions) {}

  get lastEventId(): string { return this.parser.lastEventId }

  private set(s: StreamStatus) {
    this.status = s
    this.o.onStatus?.(s)
  }

  start(): Promise<void> {
    this.stopped = false
    return this.loop()
  }

  stop(): void {
    this.stopped = true
    this.ctrl?.abort()
    this.set('stopped')
  }

  private async loop(): Promise<void> {
    const doFetch = this.o.fetchImpl ?? fetch
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    const max = this.o.maxAttempts ?? Infinity
    while (!this.stopped) {
      this.set(this.attempts ? 'retrying' : 'connecting')
      let ended: 'fatal' | 'gone' | 'retry' = 'retry'
      try {
        this.ctrl = new AbortController()
        const headers: Record<string, string> = { Accept: 'text/event-stream' }
        const tok = this.o.token()
        if (tok) headers.Authorization = `Bearer ${tok}`
        if (this.parser.lastEventId) headers['Last-Event-ID'] = this.parser.lastEventId
        const res = await doFetch(this.o.url, { headers, signal: this.ctrl.signal, cache: 'no-store' })
        if (res.status === 404 || res.status === 405 || res.status === 501) ended = 'gone'
        else if (res.status === 401 || res.status === 403) ended = 'fatal'
        else if (res.ok && res.body) {
          this.attempts = 0
          this.set('open')
          const reader = res.body.getReader()
          const dec = new TextDecoder()
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            for (const m of this.parser.feed(dec.decode(value, { stream: true }))) this.o.onMessage(m)
          }
        }
      } catch {
        /* network error or abort: retry below unless stopped */
      }
      if (this.stopped) return
      if (ended === 'fatal') { this.stopped = true; this.set('stopped'); return }
      if (ended === 'gone') { this.stopped = true; this.set('unavailable'); return }
      if (this.attempts + 1 >= max) { this.stopped = true; this.set('unavailable'); return }
      const wait = this.parser.retry ?? 0
      await sleep(Math.max(wait, backoff(this.attempts++, 1000, 30_000, this.o.random)))
    }
  }
}
