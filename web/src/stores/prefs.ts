// UI preferences: language and elder-friendly mode (适老化), plus the active org unit.
// Remembered in localStorage (also before login) and, once logged in, on the server
// through PATCH /api/v1/auth/me/prefs — the server's values win when it has some.
import { defineStore } from 'pinia'
import { api } from '../api/http'
import type { Me, Prefs } from '../api/types'
import { setLocale, type Locale } from '../i18n'
import { storage } from '../utils/storage'
import { useAuthStore } from './auth'

const PREFS_KEY = 'onegrid.prefs'

function loadLocal(): { locale: Locale; elderMode: boolean } {
  try {
    const p = JSON.parse(storage.get(PREFS_KEY) ?? '{}')
    return { locale: p.locale === 'en' ? 'en' : 'zh-CN', elderMode: p.elderMode === true }
  } catch {
    return { locale: 'zh-CN', elderMode: false }
  }
}

export function applyElderClass(on: boolean): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('elder', on)
}

export const usePrefsStore = defineStore('prefs', {
  state: () => ({ ...loadLocal(), activeOrgId: null as number | null, saveError: null as string | null }),
  actions: {
    /** Apply the stored preferences to the page (call once at start-up). */
    apply() {
      setLocale(this.locale)
      applyElderClass(this.elderMode)
    },
    saveLocal() {
      storage.set(PREFS_KEY, JSON.stringify({ locale: this.locale, elderMode: this.elderMode }))
    },
    async push(patch: Prefs) {
      const auth = useAuthStore()
      if (!auth.isLoggedIn) return
      try {
        const me = await api<Me>('/auth/me/prefs', { method: 'PATCH', body: patch })
        auth.user = me
        this.saveError = null
      } catch (e) {
        this.saveError = (e as Error).message
      }
    },
    async setLocale(l: Locale) {
      this.locale = l
      this.apply()
      this.saveLocal()
      await this.push({ locale: l })
    },
    async setElderMode(on: boolean) {
      this.elderMode = on
      this.apply()
      this.saveLocal()
      await this.push({ elder_mode: on })
    },
    async setActiveOrg(id: number) {
      this.activeOrgId = id
      await this.push({ active_org_id: id })
    },
    /** After login or /auth/me: take the server's prefs; send it what it lacks but we chose here. */
    async adoptServerPrefs(p: Prefs | undefined) {
      const missing: Prefs = {}
      if (p?.locale === 'zh-CN' || p?.locale === 'en') this.locale = p.locale
      else missing.locale = this.locale
      if (typeof p?.elder_mode === 'boolean') this.elderMode = p.elder_mode
      else if (this.elderMode) missing.elder_mode = true
      this.activeOrgId = p?.active_org_id ?? null
      this.apply()
      this.saveLocal()
      if (Object.keys(missing).length) await this.push(missing)
    },
  },
})
