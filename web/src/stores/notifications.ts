// 消息: the unread count shown on the bell, kept current by `notification` stream messages (and a
// re-count on each poll tick when there is no stream). `available` is false when the server has
// no notifications endpoint yet (the bell is then hidden).
import { defineStore } from 'pinia'
import { markAllRead, markRead, unreadCount, type Notification } from '../api/notifications'
import { isMissingEndpoint } from '../api/optional'
import type { SseMessage } from '../utils/sse'

export function parseNotification(m: SseMessage): Notification | null {
  if (m.event !== 'notification') return null
  try {
    const n = JSON.parse(m.data)
    return n && typeof n.id === 'number' ? (n as Notification) : null
  } catch {
    return null
  }
}

export const useNotificationsStore = defineStore('notifications', {
  state: () => ({
    count: 0,
    available: null as boolean | null,
    /** Notifications that arrived on the stream since the page loaded, newest first. */
    arrived: [] as Notification[],
  }),
  actions: {
    async refresh() {
      try {
        this.count = await unreadCount()
        this.available = true
      } catch (e) {
        if (isMissingEndpoint(e)) this.available = false
      }
    },
    /** A stream message: a new notification adds one to the count. */
    onMessage(m: SseMessage): Notification | null {
      const n = parseNotification(m)
      if (!n) return null
      if (this.arrived.some((x) => x.id === n.id)) return null
      this.arrived = [n, ...this.arrived].slice(0, 50)
      if (!n.read_at) this.count += 1
      this.available = true
      return n
    },
    async read(id: number) {
      await markRead(id)
      this.count = Math.max(0, this.count - 1)
      this.arrived = this.arrived.map((x) => (x.id === id ? { ...x, read_at: new Date().toISOString() } : x))
    },
    async readAll() {
      await markAllRead()
      this.count = 0
      const now = new Date().toISOString()
      this.arrived = this.arrived.map((x) => ({ ...x, read_at: x.read_at ?? now }))
    },
  },
})
