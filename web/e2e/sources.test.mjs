// End-to-end: 数据来源. The district officer sees the four built-in departments with their trust
// ranks, adds 市场监管 — a malformed code is refused in Chinese, the right one is listed with its
// rank and kept — a community worker sees the list but no add button, and the page passes axe.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_URL, SHOT_DIR, axeSerious, launch } from './browser.mjs'

const PW = 'onegrid-demo'
let ctx, close, page

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  ;({ context: ctx, close } = await launch())
  page = await ctx.newPage()
})
after(async () => {
  await close?.()
})

async function login(user, path) {
  await page.goto(BASE_URL + '/login?redirect=' + encodeURIComponent(path))
  await page.fill('#login-username', user)
  await page.fill('#login-password', PW)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === path)
}

test('the district officer adds a data source with its trust ranks', async () => {
  await login('district', '/register/sources')
  await page.getByTestId('source-table').waitFor()
  assert.equal(await page.getByTestId('menu-sources').count(), 1, 'menu entry')
  const police = await page.getByTestId('source-police').innerText()
  assert.match(police, /公安/, 'built-in police source')
  assert.match(police, /内置/)

  const code = 'market' + String(Date.now() % 1e6)
  await page.getByTestId('source-new').click()
  await page.getByTestId('source-code').fill('9market')
  await page.getByTestId('source-name').fill('市场监管局')
  await page.getByTestId('source-save').click()
  await page.getByTestId('source-error').waitFor()
  assert.equal(await page.getByTestId('source-error').innerText(), '来源代码须以小写字母开头，2–32 位小写字母、数字或下划线')
  await page.getByTestId('source-code').fill(code)
  await page.getByTestId('source-rank-contact').click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^2$/ }).click()
  await page.getByTestId('source-save').click()
  await page.getByTestId('source-dialog').waitFor({ state: 'hidden' })
  const row = page.getByTestId('source-' + code)
  await row.waitFor()
  const cells = await row.locator('td').allInnerTexts()
  assert.equal(cells[1].trim(), '市场监管局')
  assert.equal(cells[2 + 3].trim(), '2', 'contact ranked 2')
  assert.equal(cells[2].trim(), '—', 'identity not supplied')
  const r = await axeSerious(page)
  assert.deepEqual(r.serious, [], 'no serious/critical axe violations')
  await page.screenshot({ path: join(SHOT_DIR, 'register-sources.png'), fullPage: true })

  // It is kept: after a reload it is still listed.
  await page.reload()
  await page.getByTestId('source-' + code).waitFor()
})

test('a community worker sees the sources but cannot add one', async () => {
  await page.evaluate(() => localStorage.clear())
  await login('community', '/register/sources')
  await page.getByTestId('source-police').waitFor()
  assert.equal(await page.getByTestId('source-new').count(), 0, 'no add button without taxonomy.manage')
})
