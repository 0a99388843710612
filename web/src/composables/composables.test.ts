// Unit tests for the shared list/form logic: keyset pagination, API errors placed by field,
// the org-unit switcher's scope, and If-Match on writes.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api, ApiError } from '../api/http'
import { setLocale } from '../i18n'
import { useKeyset, type KeysetPage } from './useKeyset'
import { useFieldErrors } from './useFieldErrors'
import { useScope } from './useScope'
import { useAuthStore } from '../stores/auth'
import { usePrefsStore } from '../stores/prefs'
import { grantOrgs, scopeOrgId } from '../utils/scope'
import type { Grant, Me } from '../api/types'

beforeEach(() => {
  setLocale('zh-CN')
  setActivePinia(createPinia())
})

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

describe('useKeyset', () => {
  it('loads the first page, appends the next with the cursor, and stops at null', async () => {
    const calls: (number | null)[] = []
    const pages: Record<string, KeysetPage<number>> = { null: { items: [1, 2], next: 2 }, 2: { items: [3], next: null } }
    const list = useKeyset<number>(async (c) => { calls.push(c); return pages[String(c)] })
    expect(list.state.value).toBe('idle')
    await list.load()
    expect(list.rows.value).toEqual([1, 2])
    expect(list.hasMore.value).toBe(true)
    await list.more()
    expect(list.rows.value).toEqual([1, 2, 3])
    expect(list.hasMore.value).toBe(false)
    await list.more() // nothing more: no request
    expect(calls).toEqual([null, 2])
    expect(list.state.value).toBe('ready')
    expect(list.empty.value).toBe(false)
  })

  it('a new load restarts from the first page and reports empty', async () => {
    let n = 0
    const list = useKeyset<number>(async () => (n++ === 0 ? { items: [1], next: 1 } : { items: [], next: null }))
    await list.load()
    await list.load()
    expect(list.rows.value).toEqual([])
    expect(list.empty.value).toBe(true)
    expect(list.next.value).toBeNull()
  })

  it('drops an older answer that arrives after a newer search', async () => {
    const slow = deferred<KeysetPage<string>>()
    const fast = deferred<KeysetPage<string>>()
    const queue = [slow.promise, fast.promise]
    const list = useKeyset<string>(() => queue.shift()!)
    const first = list.load()
    const second = list.load()
    fast.resolve({ items: ['new'], next: null })
    await second
    slow.resolve({ items: ['old'], next: 7 })
    await first
    expect(list.rows.value).toEqual(['new'])
    expect(list.next.value).toBeNull()
  })

  it('shows the error in words by code, keeps the rows, and retries', async () => {
    let fail = false
    const list = useKeyset<number>(async (c) => {
      if (fail) throw new ApiError({ status: 503, code: 'store.unavailable' })
      return { items: [c ?? 0], next: 5 }
    })
    await list.load()
    fail = true
    await list.more()
    expect(list.state.value).toBe('error')
    expect(list.error.value).toBe('服务暂不可用，请稍后再试')
    expect(list.rows.value).toEqual([0])
    fail = false
    await list.more()
    expect(list.rows.value).toEqual([0, 5])
    expect(list.error.value).toBe('')
  })

  it('replaces an edited row in place', async () => {
    const list = useKeyset<{ id: number; v: number }>(async () => ({ items: [{ id: 1, v: 1 }, { id: 2, v: 1 }], next: null }))
    await list.load()
    list.replace({ id: 2, v: 2 }, (a, b) => a.id === b.id)
    expect(list.rows.value).toEqual([{ id: 1, v: 1 }, { id: 2, v: 2 }])
  })
})

describe('useFieldErrors', () => {
  it('puts a problem with a known field next to that field, in Chinese', () => {
    const e = useFieldErrors(['username', 'org'], { org_id: 'org' })
    expect(e.show(new ApiError({ status: 400, code: 'user.invalid_username', field: 'username' }))).toBe('username')
    expect(e.fields.username).toMatch(/^用户名须为/)
    expect(e.show(new ApiError({ status: 400, code: 'user.org_inactive', field: 'org_id' }))).toBe('org')
    expect(e.fields.org).toBe('该组织已停用')
    expect(e.fields.username).toBeUndefined() // show() clears the previous ones
  })
  it('places field-less codes it knows (409 duplicate username) and the rest in the general alert', () => {
    const e = useFieldErrors(['username', 'password'])
    expect(e.show(new ApiError({ status: 409, code: 'user.duplicate_username' }))).toBe('username')
    expect(e.fields.username).toBe('该用户名已被使用')
    expect(e.show(new ApiError({ status: 403, code: 'user.reset_forbidden' }))).toBe('')
    expect(e.general.value).toBe('您无权重置该用户的密码')
    expect(e.show(new ApiError({ status: 400, code: 'json.unknown_field', field: 'nickname' }))).toBe('')
    expect(e.general.value).toBe('提交了不支持的字段')
    e.clear()
    expect(e.general.value).toBe('')
  })
  it('maps password policy problems on new_password to the form field', () => {
    const e = useFieldErrors(['password'], { new_password: 'password' })
    e.show(new ApiError({ status: 400, code: 'password.common', field: 'new_password' }))
    expect(e.fields.password).toBe('新密码过于常见，请换一个')
  })
})

const grant = (id: number, org_id: number, role = 'community_worker', role_name = '社区工作者', org_kind: Grant['org_kind'] = 'community'): Grant =>
  ({ id, role, role_name, org_id, org_name: `组织${org_id}`, org_kind })

describe('org-unit switcher scope', () => {
  it('lists each granted org unit once with its roles', () => {
    const orgs = grantOrgs([grant(1, 2, 'street_officer', '街道工作人员', 'street'), grant(2, 3), grant(3, 2, 'party_secretary', '党组织书记', 'street')])
    expect(orgs).toEqual([
      { id: 2, label: '组织2（街道工作人员、党组织书记）', kind: 'street' },
      { id: 3, label: '组织3（社区工作者）', kind: 'community' },
    ])
  })
  it('narrows only users with several org units, to the chosen one or else the first', () => {
    expect(scopeOrgId([grant(1, 2)], 2)).toBeNull()
    expect(scopeOrgId([], null)).toBeNull()
    const two = [grant(1, 2), grant(2, 3)]
    expect(scopeOrgId(two, null)).toBe(2)
    expect(scopeOrgId(two, 3)).toBe(3)
    expect(scopeOrgId(two, 99)).toBe(2) // a grant since revoked
  })
  it('useScope follows the auth user and the prefs store', () => {
    const auth = useAuthStore()
    auth.user = { grants: [grant(1, 2), grant(2, 3)] } as unknown as Me
    const s = useScope()
    expect(s.orgId.value).toBe(2)
    usePrefsStore().activeOrgId = 3
    expect(s.orgId.value).toBe(3)
    expect(s.label.value).toBe('组织3（社区工作者）')
  })
})

describe('api() writes', () => {
  it('sends If-Match with the ETag of the edited version', async () => {
    const fetchMock = vi.fn().mockImplementation(async () => new Response('{"id":1}', { status: 200, headers: { 'Content-Type': 'application/json' } }))
    vi.stubGlobal('fetch', fetchMock)
    await api('/org/units/1', { method: 'PATCH', body: { name: 'x' }, ifMatch: 7 })
    expect(fetchMock.mock.calls[0][1].headers['If-Match']).toBe('"v7"')
    await api('/org/units/1')
    expect(fetchMock.mock.calls[1][1].headers['If-Match']).toBeUndefined()
  })
  it('a 412 is an ApiError with the conflict code', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify({ status: 412, code: 'org.version_mismatch' }), { status: 412 })))
    await expect(api('/org/units/1', { method: 'DELETE', ifMatch: 1 })).rejects.toMatchObject({ status: 412, code: 'org.version_mismatch' })
  })
})
