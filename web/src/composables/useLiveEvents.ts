// Live updates for a page: the tab's shared SSE stream (GET /api/v1/stream, read with fetch so
// the Authorization header goes along; reconnects with Last-Event-ID) while it is open, and a
// poll every 15 s while it is not (no stream endpoint yet, or reconnecting). `onChange` is
// called, debounced, for every event.* message and every poll tick; `onMessage` for every
// message as it comes (feeds, the notification bell).
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { getToken } from '../api/http'
import type { SseMessage, StreamStatus } from '../utils/sse'
import { sharedHub } from '../utils/liveHub'

export const POLL_MS = 15_000

export interface LiveOptions { pollMs?: number; debounceMs?: number; onMessage?: (m: SseMessage) => void; poll?: boolean }

export function useLiveEvents(onChange: (m?: SseMessage) => void, opts: LiveOptions = {}) {
  const status = ref<StreamStatus>('stopped')
  const mode = ref<'live' | 'poll'>('poll')
  const lastUpdate = ref<Date | null>(null)
  const pollMs = opts.pollMs ?? POLL_MS
  let timer: ReturnType<typeof setInterval> | null = null
  let debounce: ReturnType<typeof setTimeout> | null = null
  let unsubscribe: (() => void) | null = null
  let gone = false

  function fire(m?: SseMessage) {
    if (debounce) clearTimeout(debounce)
    debounce = setTimeout(() => { lastUpdate.value = new Date(); onChange(m) }, opts.debounceMs ?? 300)
  }
  function poll(on: boolean) {
    if (opts.poll === false) on = false
    if (on && !timer) timer = setInterval(() => fire(), pollMs)
    if (!on && timer) { clearInterval(timer); timer = null }
  }

  onMounted(() => {
    poll(true)
    unsubscribe = sharedHub(getToken).subscribe({
      onMessage: (m) => {
        if (gone) return
        opts.onMessage?.(m)
        if (m.event.startsWith('event.') || m.event === 'message') fire(m)
      },
      onStatus: (s) => {
        if (gone) return
        status.value = s
        mode.value = s === 'open' ? 'live' : 'poll'
        poll(s !== 'open')
      },
    })
  })
  onBeforeUnmount(() => {
    gone = true
    unsubscribe?.()
    poll(false)
    if (debounce) clearTimeout(debounce)
  })
  return { status, mode, lastUpdate }
}
