// The session: token (kept in localStorage), the caller (GET /auth/me), login/logout, and what
// happens on a 401 anywhere (forget the session, remember where the user was).
import { defineStore } from 'pinia'
import { api, ApiError, setToken } from '../api/http'
import type { LoginResponse, Me, Permission } from '../api/types'
import { errorMessage } from '../i18n'
import { storage } from '../utils/storage'
import { usePrefsStore } from './prefs'

const TOKEN_KEY = 'onegrid.token'

export const useAuthStore = defineStore('auth', {
  state: () => ({
    token: storage.get(TOKEN_KEY) as string | null,
    expiresAt: null as string | null,
    user: null as Me | null,
    /** Set when the server ended the session (401 on an authenticated call). */
    sessionEnded: false,
    error: null as string | null,
    errorCode: null as string | null,
    loading: false,
  }),
  getters: {
    isLoggedIn: (s) => !!s.token,
    permissions: (s): Permission[] => s.user?.permissions ?? [],
    /** The caller's grant role codes (grid_worker, department_staff, …). */
    roles: (s): string[] => [...new Set((s.user?.grants ?? []).map((g) => g.role))],
  },
  actions: {
    init() {
      setToken(this.token)
    },
    can(p: Permission): boolean {
      return this.permissions.includes(p)
    },
    async login(username: string, password: string): Promise<boolean> {
      this.loading = true
      this.error = null
      this.errorCode = null
      try {
        const r = await api<LoginResponse>('/auth/login', {
          method: 'POST', body: { username, password }, authenticated: false,
        })
        this.token = r.token
        this.expiresAt = r.expires_at
        this.user = r.user
        this.sessionEnded = false
        storage.set(TOKEN_KEY, r.token)
        setToken(r.token)
        await usePrefsStore().adoptServerPrefs(r.user.prefs)
        return true
      } catch (e) {
        this.error = errorMessage(e)
        this.errorCode = e instanceof ApiError ? e.code : 'client'
        return false
      } finally {
        this.loading = false
      }
    },
    async fetchMe(): Promise<Me | null> {
      if (!this.token) return null
      const me = await api<Me>('/auth/me')
      this.user = me
      await usePrefsStore().adoptServerPrefs(me.prefs)
      return me
    },
    /** Drop the session locally (no request). */
    clear() {
      this.token = null
      this.expiresAt = null
      this.user = null
      storage.remove(TOKEN_KEY)
      setToken(null)
    },
    async logout() {
      if (this.token) {
        try {
          await api<void>('/auth/logout', { method: 'POST' })
        } catch {
          /* the session may already be gone; forget it anyway */
        }
      }
      this.clear()
      this.sessionEnded = false
    },
    /** A 401 on an authenticated call: the session is over. */
    handleUnauthorized(e?: ApiError) {
      if (!this.token) return
      this.clear()
      this.sessionEnded = true
      this.errorCode = e?.code ?? 'auth.unauthenticated'
    },
  },
})
