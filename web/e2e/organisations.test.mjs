// End-to-end: 实有单位. The community worker finds the demo's organisations by name, registers a
// new one — a mistyped 统一社会信用代码 is refused in Chinese (GB 32100 check character), the right
// one appears in the list with its contact phone masked — and the page passes axe.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_URL, SHOT_DIR, axeSerious, launch } from './browser.mjs'

const PW = 'onegrid-demo'
let ctx, close, page

/** GB 32100: the check character of the first 17 characters. */
function uscc(first17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let s = 0
  for (let i = 0; i < 17; i++) s += alphabet.indexOf(first17[i]) * w[i]
  return first17 + alphabet[(31 - (s % 31)) % 31]
}

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  ;({ context: ctx, close } = await launch())
  page = await ctx.newPage()
})
after(async () => {
  await close?.()
})

test('the community worker finds and registers organisations', async () => {
  await page.goto(BASE_URL + '/login?redirect=' + encodeURIComponent('/register/organisations'))
  await page.fill('#login-username', 'community')
  await page.fill('#login-password', PW)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/register/organisations')
  await page.getByTestId('org-table').waitFor()
  assert.equal(await page.getByTestId('menu-organisations').count(), 1, 'menu entry')
  assert.ok((await page.locator('[data-testid=org-table] tbody tr').count()) > 0, 'the demo has organisations here')
  assert.match(await page.getByTestId('org-table').innerText(), /\*{4}/, 'contact phones are masked')

  const code = uscc('91110105' + String(Date.now() % 1e9).padStart(9, '0'))
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
  await page.getByTestId('org-new').click()
  await page.getByTestId('org-name').fill('望京测试科技有限公司')
  await page.getByTestId('org-uscc').fill(wrong)
  await page.locator('#org-phone').fill('010-64770000')
  await page.getByTestId('org-save').click()
  await page.getByTestId('org-error').waitFor()
  assert.equal(await page.getByTestId('org-error').innerText(), '统一社会信用代码校验位错误')
  await page.getByTestId('org-uscc').fill(code)
  await page.getByTestId('org-save').click()
  await page.getByTestId('org-dialog').waitFor({ state: 'hidden' })
  await page.getByTestId('org-q').fill(code)
  await page.keyboard.press('Enter')
  await page.locator('[data-testid=org-table] tbody tr', { hasText: '望京测试科技有限公司' }).waitFor()
  const row = await page.locator('[data-testid=org-table] tbody tr').first().innerText()
  assert.match(row, /010-\*{4}0000/, 'the new contact phone is masked')
  const r = await axeSerious(page)
  assert.deepEqual(r.serious, [], 'no serious/critical axe violations')
  await page.screenshot({ path: join(SHOT_DIR, 'register-organisations.png'), fullPage: true })
})
