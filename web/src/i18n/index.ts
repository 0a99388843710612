// vue-i18n set-up (Composition API, zh-CN first) and the problem-code → message mapping.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import { ApiError } from '../api/http'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
})

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  if (typeof document !== 'undefined') document.documentElement.lang = l
}

/** The user-facing message for an error, chosen by the API's stable `code` (never by `detail`). */
export function errorMessage(err: unknown): string {
  const t = i18n.global.t
  const te = i18n.global.te
  if (!(err instanceof ApiError)) return t('errors.unknown', { code: 'client' })
  if (err.code === 'auth.account_locked') {
    return err.retryAfter
      ? t('errors.auth.account_locked', { minutes: Math.max(1, Math.ceil(err.retryAfter / 60)) })
      : t('errors.auth.account_locked_later')
  }
  if (err.code === 'auth.rate_limited') {
    return err.retryAfter
      ? t('errors.auth.rate_limited', { seconds: err.retryAfter })
      : t('errors.auth.rate_limited_later')
  }
  const key = 'errors.' + err.code
  if (/^[a-z_]+(\.[a-z_]+)+$/.test(err.code) && te(key)) return t(key)
  if (err.status >= 500) return t('errors.store.unavailable')
  return t('errors.unknown', { code: err.code })
}
