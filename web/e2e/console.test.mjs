// End-to-end: the built console against a real `onegrid serve` (BASE_URL), in headless Chromium.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_URL, SHOT_DIR, axeSerious, launch } from './browser.mjs'

let ctx, close, page
const consoleErrors = []
const axeReport = {}

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  ;({ context: ctx, close } = await launch())
  page = ctx.pages()[0] ?? (await ctx.newPage())
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`) })
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`))
})
after(async () => {
  writeFileSync(join(SHOT_DIR, 'axe.json'), JSON.stringify(axeReport, null, 2))
  await close?.()
})

const shot = (name) => page.screenshot({ path: join(SHOT_DIR, name + '.png'), fullPage: true })
// Deliberate failures log a network error in Chromium: the wrong password and the stale token (401),
// and the too-short new password (400 on /profile). Anything else is unexpected.
const isExpected = (s) => /status of 401 \(Unauthorized\)/.test(s) || /\/profile: .*status of 400 \(Bad Request\)/.test(s)

async function checkAxe(name) {
  const r = await axeSerious(page)
  axeReport[name] = r.all
  assert.deepEqual(r.serious, [], `${name}: serious/critical axe violations`)
}

async function apiCount(username) {
  const login = await fetch(BASE_URL + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'onegrid-demo' }),
  }).then((r) => r.json())
  const page = await fetch(BASE_URL + '/api/v1/org/units?kind=grid&boundary=true&limit=2000', {
    headers: { Authorization: 'Bearer ' + login.token },
  }).then((r) => r.json())
  await fetch(BASE_URL + '/api/v1/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + login.token } })
  return page.items.filter((u) => u.boundary).length
}

test('unauthenticated deep link goes to login with ?redirect=, and login page passes axe', async () => {
  await page.goto(BASE_URL + '/map')
  await page.waitForURL(/\/login\?redirect=(%2F|\/)map/)
  await page.getByTestId('login-submit').waitFor()
  assert.match(await page.locator('h1').innerText(), /登录/)
  await checkAxe('login')
  await shot('01-login')
})

test('a wrong password shows the Chinese error text', async () => {
  await page.fill('#login-username', 'community')
  await page.fill('#login-password', 'wrong-password')
  await page.getByTestId('login-submit').click()
  const err = page.getByTestId('login-error')
  await err.waitFor()
  assert.match(await err.innerText(), /用户名或密码错误/)
  assert.match(page.url(), /\/login/)
  await shot('02-login-wrong-password')
})

test('community logs in, sees only its grids on the map; layout and map pass axe', async () => {
  const expected = await apiCount('community')
  assert.ok(expected > 0, 'the community user has grids')
  await page.fill('#login-username', 'community')
  await page.fill('#login-password', 'onegrid-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/map$/) // the remembered ?redirect=
  await page.locator('[data-testid=grid-map] path.grid-shape').first().waitFor()
  const n = await page.locator('[data-testid=grid-map] path.grid-shape').count()
  assert.equal(n, expected, 'grid layers on the map = grids the API gives this user')
  assert.equal(await page.getByTestId('grid-map').getAttribute('data-grid-count'), String(expected))
  assert.equal(await page.locator('path.grid-110105-003-003-01').count(), 0, 'a grid of another street is absent')
  assert.equal(await page.locator('.leaflet-control-scale').count(), 1)
  // menu from permissions: community_worker has no audit.read
  assert.equal(await page.getByTestId('menu-map').count(), 1)
  assert.equal(await page.getByTestId('menu-audit').count(), 0)
  // click a grid → panel
  await page.locator('[data-testid=grid-map] path.grid-shape').first().click({ force: true })
  await page.getByTestId('grid-detail').waitFor()
  assert.match(await page.getByTestId('grid-area').innerText(), /公顷|㎡/)
  await checkAxe('layout+map')
  await shot('03-grid-map')
})

test('switching to English and back changes visible labels', async () => {
  const menu = page.getByTestId('menu-map')
  assert.equal((await menu.innerText()).trim(), '网格地图')
  await page.getByTestId('locale-switch').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=menu-map]')?.textContent?.trim() === 'Grid map')
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await shot('04-english')
  await page.getByTestId('locale-switch').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=menu-map]')?.textContent?.trim() === '网格地图')
})

test('elder mode: body text ≥ 18 px, line height ≥ 1.3, targets ≥ 60 px, remembered by the server', async () => {
  await page.getByTestId('elder-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'))
  const m = await page.evaluate(() => {
    const cs = getComputedStyle(document.body)
    const p = document.querySelector('[data-testid=grid-detail] dd') ?? document.body
    const ps = getComputedStyle(p)
    const btn = document.querySelector('[data-testid=logout]').getBoundingClientRect()
    const link = document.querySelector('[data-testid=menu-map]').getBoundingClientRect()
    return { body: parseFloat(cs.fontSize), lh: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize), dd: parseFloat(ps.fontSize), btn: [btn.width, btn.height], link: [link.width, link.height] }
  })
  assert.ok(m.body >= 18, `body font-size ${m.body}`)
  assert.ok(m.dd >= 18, `panel text font-size ${m.dd}`)
  assert.ok(m.lh >= 1.3, `line height ${m.lh}`)
  assert.ok(m.btn[0] >= 60 && m.btn[1] >= 60, `logout button ${m.btn}`)
  assert.ok(m.link[1] >= 60, `menu link ${m.link}`)
  assert.equal(await page.getByTestId('menu-users').count(), 0, 'simplified menu in elder mode')
  const mapBox = await page.getByTestId('grid-map').boundingBox()
  assert.ok(mapBox && mapBox.width >= 600 && mapBox.height >= 400, `map stays usable in elder mode: ${JSON.stringify(mapBox)}`)
  await page.mouse.move(1, 1) // the toggle just clicked is not left hovered while axe looks
  await checkAxe('layout+map (elder)')
  await shot('05-elder-mode')
  // persisted per user: a reload keeps it (the server's prefs win at /auth/me)
  await page.evaluate(() => localStorage.removeItem('onegrid.prefs'))
  await page.reload()
  await page.getByTestId('grid-map').waitFor()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'))
  await page.getByTestId('elder-toggle').click()
  await page.waitForFunction(() => !document.documentElement.classList.contains('elder'))
})

test('profile: a too-short new password is refused with the policy message', async () => {
  await page.getByTestId('menu-profile').click()
  await page.waitForURL(/\/profile$/)
  await page.fill('#pw-current', 'onegrid-demo')
  await page.fill('#pw-new', 'short')
  await page.fill('#pw-confirm', 'short')
  await page.getByRole('button', { name: '修改密码' }).click()
  const err = page.getByTestId('password-error')
  await err.waitFor()
  assert.match(await err.innerText(), /太短|12/)
  await shot('06-profile')
})

test('log out returns to the login page; an expired session goes back to login with redirect', async () => {
  await page.getByTestId('logout').click()
  await page.waitForURL(/\/login/)
  await page.getByTestId('login-submit').waitFor()
  // a stale token: the next API call answers 401 → login with the page remembered
  await page.evaluate(() => localStorage.setItem('onegrid.token', 'x'.repeat(43)))
  await page.goto(BASE_URL + '/map')
  await page.waitForURL(/\/login\?redirect=(%2F|\/)map/)
  await shot('07-after-logout')
})

test('admin sees users and audit log', async () => {
  await page.fill('#login-username', 'admin')
  await page.fill('#login-password', 'onegrid-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/map$/)
  await page.getByTestId('menu-audit').click()
  await page.getByTestId('audit-table').waitFor()
  assert.ok((await page.locator('[data-testid=audit-table] tbody tr').count()) > 0)
  await shot('08-audit')
  await page.getByTestId('menu-users').click()
  await page.getByTestId('users-table').waitFor()
  assert.ok((await page.locator('[data-testid=users-table] tbody tr').count()) > 0)
  await shot('09-users')
  await page.goto(BASE_URL + '/h5')
  await page.getByTestId('h5-perms').waitFor()
  await shot('10-h5')
})

test('no unexpected console errors', () => {
    const unexpected = consoleErrors.filter((e) => !isExpected(e))
  assert.deepEqual(unexpected, [])
})
