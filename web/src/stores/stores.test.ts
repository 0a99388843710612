// Unit tests for the logic in the stores: login, error code → message, 401 handling, prefs/elder mode.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api, ApiError, getToken, setUnauthorizedHandler } from '../api/http'
import { errorMessage, i18n, setLocale } from '../i18n'
import { useAuthStore } from './auth'
import { usePrefsStore } from './prefs'
import { storage } from '../utils/storage'

const ME = {
  id: 4, username: 'community', display_name: '孙海燕', org_id: 3, org_name: '望京西园社区', active: true, locked: false,
  locked_until: null, version: 1, created_at: '2026-11-25T04:43:43Z', prefs: {},
  grants: [{ id: 4, role: 'community_worker', role_name: '社区工作者', org_id: 3, org_name: '望京西园社区', org_kind: 'community' }],
  permissions: ['self', 'org.read'],
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })
}
function problem(status: number, code: string, headers: Record<string, string> = {}) {
  return json(status, { type: 'https://onegrid.dev/problems/' + code, title: 'x', status, code, detail: 'english detail' }, headers)
}

let fetchMock: ReturnType<typeof vi.fn>
beforeEach(() => {
  storage.remove('onegrid.token')
  storage.remove('onegrid.prefs')
  setLocale('zh-CN')
  setActivePinia(createPinia())
  fetchMock = vi.fn()
  vi.stubGlobal('fetch', fetchMock)
  setUnauthorizedHandler(null)
})

describe('errorMessage (by code, never by detail)', () => {
  it('maps login errors to Chinese', () => {
    expect(errorMessage(new ApiError({ status: 401, code: 'auth.invalid_credentials' }))).toBe('用户名或密码错误')
    expect(errorMessage(new ApiError({ status: 423, code: 'auth.account_locked' }, 900))).toBe('账户已锁定，请15分钟后再试')
    expect(errorMessage(new ApiError({ status: 423, code: 'auth.account_locked' }, 61))).toBe('账户已锁定，请2分钟后再试')
    expect(errorMessage(new ApiError({ status: 423, code: 'auth.account_locked' }))).toBe('账户已锁定，请稍后再试')
    expect(errorMessage(new ApiError({ status: 429, code: 'auth.rate_limited' }, 30))).toBe('尝试过于频繁，请30秒后再试')
  })
  it('maps password policy codes', () => {
    expect(errorMessage(new ApiError({ status: 400, code: 'password.too_short' }))).toContain('太短')
    expect(errorMessage(new ApiError({ status: 400, code: 'password.contains_username' }))).toBe('新密码不能包含用户名')
  })
  it('falls back for unknown codes and follows the locale', () => {
    expect(errorMessage(new ApiError({ status: 409, code: 'org.import_bad_feature' }))).toBe('操作失败（org.import_bad_feature）')
    setLocale('en')
    expect(errorMessage(new ApiError({ status: 401, code: 'auth.invalid_credentials' }))).toBe('Wrong username or password')
    expect(i18n.global.locale.value).toBe('en')
  })
})

describe('auth store', () => {
  it('logs in, keeps the token and sends it as a bearer token', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { token: 'T'.repeat(43), expires_at: '2026-11-25T16:00:00Z', user: ME }))
    fetchMock.mockResolvedValueOnce(json(200, { ...ME, prefs: { locale: 'zh-CN' } })) // prefs push
    const auth = useAuthStore()
    expect(await auth.login('community', 'onegrid-demo')).toBe(true)
    expect(auth.user?.display_name).toBe('孙海燕')
    expect(auth.can('org.read')).toBe(true)
    expect(auth.can('audit.read')).toBe(false)
    expect(storage.get('onegrid.token')).toBe('T'.repeat(43))
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/auth/login')
    expect(JSON.parse(init.body)).toEqual({ username: 'community', password: 'onegrid-demo' })
    expect(init.headers.Authorization).toBeUndefined()
    // the next call carries the token
    fetchMock.mockResolvedValueOnce(json(200, ME))
    await auth.fetchMe()
    expect(fetchMock.mock.calls.at(-1)![1].headers.Authorization).toBe('Bearer ' + 'T'.repeat(43))
  })

  it('shows the Chinese message for a wrong password and stays logged out', async () => {
    fetchMock.mockResolvedValueOnce(problem(401, 'auth.invalid_credentials', { 'WWW-Authenticate': 'Bearer' }))
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    const auth = useAuthStore()
    expect(await auth.login('community', 'nope')).toBe(false)
    expect(auth.error).toBe('用户名或密码错误')
    expect(auth.errorCode).toBe('auth.invalid_credentials')
    expect(auth.isLoggedIn).toBe(false)
    expect(handler).not.toHaveBeenCalled() // a failed login is not a session end
  })

  it('reads Retry-After for a locked account', async () => {
    fetchMock.mockResolvedValueOnce(problem(423, 'auth.account_locked', { 'Retry-After': '600' }))
    const auth = useAuthStore()
    await auth.login('community', 'x')
    expect(auth.error).toBe('账户已锁定，请10分钟后再试')
  })

  it('a 401 on an authenticated call ends the session and calls the handler', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { token: 'A'.repeat(43), expires_at: 'x', user: { ...ME, prefs: { locale: 'zh-CN', elder_mode: false } } }))
    const auth = useAuthStore()
    await auth.login('community', 'onegrid-demo')
    setUnauthorizedHandler((e) => auth.handleUnauthorized(e))
    fetchMock.mockResolvedValueOnce(problem(401, 'session.expired'))
    await expect(api('/org/units')).rejects.toMatchObject({ status: 401, code: 'session.expired' })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.sessionEnded).toBe(true)
    expect(auth.user).toBeNull()
    expect(getToken()).toBeNull()
    expect(storage.get('onegrid.token')).toBeNull()
  })

  it('logout calls the API and forgets the session even if the call fails', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { token: 'B'.repeat(43), expires_at: 'x', user: { ...ME, prefs: { locale: 'zh-CN', elder_mode: false } } }))
    const auth = useAuthStore()
    await auth.login('community', 'onegrid-demo')
    fetchMock.mockRejectedValueOnce(new TypeError('network down'))
    await auth.logout()
    expect(fetchMock.mock.calls.at(-1)![0]).toBe('/api/v1/auth/logout')
    expect(auth.isLoggedIn).toBe(false)
  })
})

describe('prefs store (language, elder mode)', () => {
  it('remembers choices in localStorage before login without calling the API', async () => {
    const prefs = usePrefsStore()
    await prefs.setElderMode(true)
    await prefs.setLocale('en')
    expect(fetchMock).not.toHaveBeenCalled()
    expect(JSON.parse(storage.get('onegrid.prefs')!)).toEqual({ locale: 'en', elderMode: true })
    setActivePinia(createPinia())
    const again = usePrefsStore()
    expect(again.elderMode).toBe(true)
    expect(again.locale).toBe('en')
  })

  it('PATCHes the server once logged in', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { token: 'C'.repeat(43), expires_at: 'x', user: { ...ME, prefs: { locale: 'zh-CN', elder_mode: false } } }))
    await useAuthStore().login('community', 'onegrid-demo')
    const prefs = usePrefsStore()
    fetchMock.mockResolvedValueOnce(json(200, { ...ME, prefs: { locale: 'zh-CN', elder_mode: true } }))
    await prefs.setElderMode(true)
    const [url, init] = fetchMock.mock.calls.at(-1)!
    expect(url).toBe('/api/v1/auth/me/prefs')
    expect(init.method).toBe('PATCH')
    expect(JSON.parse(init.body)).toEqual({ elder_mode: true })
    expect(prefs.elderMode).toBe(true)
  })

  it("takes the server's prefs at login and sends what it lacks", async () => {
    const prefs = usePrefsStore()
    await prefs.setElderMode(true) // chosen on the login page
    fetchMock.mockResolvedValueOnce(json(200, { token: 'D'.repeat(43), expires_at: 'x', user: { ...ME, prefs: { locale: 'en' } } }))
    fetchMock.mockResolvedValueOnce(json(200, { ...ME, prefs: { locale: 'en', elder_mode: true } }))
    await useAuthStore().login('community', 'onegrid-demo')
    expect(prefs.locale).toBe('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(prefs.elderMode).toBe(true)
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({ elder_mode: true })
  })
})
