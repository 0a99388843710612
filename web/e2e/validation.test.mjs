// End-to-end: grid validation problems on the map, against real bad data. The district officer
// adds a grid that overlaps an existing one (through the API, as a data import would); the
// community worker's map then draws the overlap in red and says in words which grids overlap and
// by how much. The bad grid is removed again at the end.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_URL, SHOT_DIR, axeSerious, launch } from './browser.mjs'

let ctx, close, page
let admin, badId

async function login(username) {
  const r = await fetch(BASE_URL + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'onegrid-demo' }),
  })
  assert.equal(r.status, 200)
  return (await r.json()).token
}
const api = (path, token, init = {}) => fetch(BASE_URL + '/api/v1' + path, {
  ...init, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
})

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  ;({ context: ctx, close } = await launch())
  page = ctx.pages()[0] ?? (await ctx.newPage())
  admin = await login('district')
})
after(async () => {
  if (badId) {
    const cur = await api(`/org/units/${badId}`, admin)
    await api(`/org/units/${badId}`, admin, { method: 'DELETE', headers: { 'If-Match': cur.headers.get('etag') } })
  }
  await close?.()
})

test('an overlapping grid is drawn in red on the community map and named in words', async () => {
  const grids = await (await api('/org/units?kind=grid&boundary=true&limit=2000', admin)).json()
  const victim = grids.items.find((g) => g.code === '110105-001-001-01')
  assert.ok(victim?.boundary, 'the first demo grid has a boundary')
  const created = await api('/org/units', admin, {
    method: 'POST',
    body: JSON.stringify({ kind: 'grid', parent_id: victim.parent_id, code: '110105-001-001-99', name: '重叠测试网格', boundary: victim.boundary }),
  })
  const body = await created.json()
  assert.equal(created.status, 201, JSON.stringify(body))
  badId = body.id

  // The API's own report names the pair.
  const report = await (await api(`/org/units/${victim.parent_id}/validation`, admin)).json()
  const pair = (report.items ?? [report]).flatMap((v) => v.report?.overlaps ?? [])
    .find((o) => [o.id_a, o.id_b].includes(badId) && [o.id_a, o.id_b].includes(victim.id))
  assert.ok(pair && pair.area_m2 > 0, 'the validation report names the overlapping pair')

  await page.goto(BASE_URL + '/login?redirect=/map')
  await page.fill('#login-username', 'community')
  await page.fill('#login-password', 'onegrid-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/map$/)
  await page.locator('[data-testid=grid-map] path.grid-shape').first().waitFor()
  await page.locator('path.problem-shape').first().waitFor()
  const stroke = await page.locator('path.problem-shape').first().getAttribute('stroke')
  assert.equal(stroke?.toLowerCase(), '#d40000', 'the overlap is drawn in red')
  const words = await page.getByTestId('problems').innerText()
  assert.match(words, /网格重叠/)
  assert.match(words, /重叠测试网格/)
  assert.match(words, new RegExp(victim.name))
  // Not only colour: the list says it in words, and the page stays accessible.
  const axe = await axeSerious(page)
  assert.deepEqual(axe.serious, [], 'map with problems: serious/critical axe violations')
  await page.screenshot({ path: join(SHOT_DIR, 'validation-overlap.png'), fullPage: true })
})
