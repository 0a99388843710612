// 消息 (in-app inbox): GET /notifications, unread count, mark one / all read.
import { api } from './http'

export interface Notification {
  id: number; kind: string; event_id: number | null; event_code: string; title: string; body: string
  created_at: string; read_at: string | null
}
export interface NotificationPage { items: Notification[]; next_after: number | null }

export function listNotifications(q: { unread?: boolean; after?: number | null; limit?: number } = {}) {
  return api<NotificationPage>('/notifications', { query: { unread: q.unread ? 'true' : undefined, after: q.after ?? undefined, limit: q.limit ?? 30 } })
}
export const unreadCount = () => api<{ count: number }>('/notifications/unread_count').then((r) => r.count)
export const markRead = (id: number) => api<void>(`/notifications/${id}/read`, { method: 'POST' })
export const markAllRead = () => api<{ updated: number }>('/notifications/read_all', { method: 'POST' })
