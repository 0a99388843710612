// End-to-end: the 一网统管 event loop in the browser, each person in their own browser context
// (as on their own device), against a real `onegrid serve` (BASE_URL):
//   grid worker reports on the H5 page with a photo (map pick) → the street's dashboard, open
//   all along, shows it without a reload → a resident reports the same problem (browser
//   position) → the community merges the resident's report into the original (疑似重复 when the
//   server suggests it, else the merge form), accepts and escalates → the street whistles
//   区城市管理委员会 (lead) and 区生态环境局 (assisting) → both report in, the lead submits with an
//   evidence photo → the grid worker verifies on H5 and it is closed → the resident, who follows
//   the original since the merge, rates it 5 on H5.
// Endpoints still being built server-side (stream, notifications, KPIs, attachments, duplicates)
// are checked when present and skipped with a console note when they answer 404.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { BASE_URL, SHOT_DIR, axeSerious, launchBrowser } from './browser.mjs'

const PW = 'onegrid-demo'
const MOBILE = { viewport: { width: 412, height: 900 }, isMobile: true, hasTouch: true }
let b
const pages = {}
const consoleErrors = []
const axeReport = {}
const skipped = []
const run = { id: Date.now().toString(36) }

// ---- helpers ----

function crc32(buf) {
  let crc = 0xffffffff
  for (const byte of buf) {
    let c = (crc ^ byte) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}
/** A small valid RGB PNG (a gradient), as a phone camera would hand over a file. */
function makePng(w = 96, h = 64) {
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3
      raw[o] = (x * 255) / w; raw[o + 1] = (y * 255) / h; raw[o + 2] = 128
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
const PHOTO = { name: 'scene.png', mimeType: 'image/png', buffer: makePng() }
const EVIDENCE = { name: 'after.png', mimeType: 'image/png', buffer: makePng(80, 80) }

async function apiLogin(username) {
  const r = await fetch(BASE_URL + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PW }) })
  assert.equal(r.status, 200, 'login ' + username)
  return (await r.json()).token
}
async function apiGet(token, path) {
  const r = await fetch(BASE_URL + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + token } })
  return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) }
}
const missing = (status) => status === 404 || status === 405 || status === 501
function skip(what) {
  skipped.push(what)
  console.log(`# eventloop: SKIPPED ${what} — endpoint not on this server yet (404)`)
}

/** A user's own browser context and page, logged in through the login form. */
async function open(user, path, ctxOpts = {}) {
  const ctx = await b.newContext(ctxOpts)
  const page = await ctx.newPage()
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${user} ${page.url()}: ${m.text()}`) })
  page.on('pageerror', (e) => consoleErrors.push(`${user} ${page.url()}: ${e.message}`))
  await page.goto(BASE_URL + '/login?redirect=' + encodeURIComponent(path))
  await page.fill('#login-username', user)
  await page.fill('#login-password', PW)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === path.split('?')[0])
  pages[user] = page
  return page
}
const shot = (page, name) => page.screenshot({ path: join(SHOT_DIR, 'loop-' + name + '.png'), fullPage: true })
async function checkAxe(page, name) {
  const r = await axeSerious(page)
  axeReport[name] = r.all
  assert.deepEqual(r.serious, [], `${name}: serious/critical axe violations`)
}
async function waitText(page, testid, re, timeout = 15_000) {
  await page.waitForFunction(([id, src]) => new RegExp(src).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''), [testid, re.source], { timeout })
}
/** Opens the action's inline form, fills it, sends it, and waits for the form to close. */
async function act(page, action, { note, files, before } = {}) {
  await page.getByTestId('action-' + action).click()
  const form = page.getByTestId('form-' + action)
  await form.waitFor()
  if (before) await before(form)
  if (note) await page.getByTestId('act-note').fill(note)
  if (files) await page.getByTestId('act-photos').setInputFiles(files)
  await page.getByTestId('act-submit').click()
  await form.waitFor({ state: 'detached', timeout: 20_000 })
  await page.getByTestId('act-done').waitFor()
}

// ---- the run ----

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  b = await launchBrowser()
  // What the server offers right now, and the demo's ids the steps need.
  run.admin = await apiLogin('admin')
  const tax = (await apiGet(run.admin, '/taxonomy')).body
  const sub = tax.subclasses.find((s) => s.code === '0101') // 暴露垃圾: lead 城管 (D01), assisting 生态环境 (D02)
  assert.ok(sub, 'subclass 0101 is seeded')
  run.sub = sub
  const depts = (await apiGet(run.admin, '/org/units?kind=department&limit=500')).body.items
  run.lead = depts.find((d) => d.name === '区城市管理委员会')
  run.assist = depts.find((d) => d.name === '区生态环境局')
  assert.ok(run.lead && run.assist, 'the two departments are seeded')
  assert.equal(sub.lead_dept_id, run.lead.id)
  assert.ok(sub.assist_dept_ids.includes(run.assist.id))
  const probe = async (path) => !missing((await apiGet(run.admin, path)).status)
  run.has = {
    notifications: await probe('/notifications/unread_count'),
    kpis: await probe('/kpis/series?interval=day&from=2026-01-01&to=2026-01-02'),
    attachments: null, // probed on the new event
    duplicates: null,
  }
})
after(async () => {
  writeFileSync(join(SHOT_DIR, 'axe-eventloop.json'), JSON.stringify(axeReport, null, 2))
  console.log('# eventloop: endpoints used ' + JSON.stringify(run.has) + (skipped.length ? '; skipped steps:\n#   ' + skipped.join('\n#   ') : '; nothing skipped'))
  await b?.close()
})

test('the street officer opens the command-centre dashboard (and keeps it open)', async () => {
  const page = await open('street', '/dashboard')
  await page.getByTestId('dash-counters').waitFor()
  await page.getByTestId('dash-map').waitFor()
  await page.getByTestId('dash-legend').waitFor()
  assert.match(await page.getByTestId('dash-legend').innerText(), /超时/, 'the legend says overdue in words')
  await page.evaluate(() => { window.__sameDocument = true })
  await checkAxe(page, 'dashboard')
  await shot(page, '01-dashboard')
})

test('a grid worker reports on H5 with a photo and a point picked on the map', async () => {
  const page = await open('gridworker', '/h5', MOBILE)
  await page.getByTestId('h5-tile-report').click()
  await page.waitForURL(/\/h5\/report$/)
  await page.locator(`[data-testid=report-class] option[value="${run.sub.class_id}"]`).waitFor({ state: 'attached' })
  await page.selectOption('[data-testid=report-class]', String(run.sub.class_id))
  await page.selectOption('[data-testid=report-subclass]', String(run.sub.id))
  run.title = `暴露垃圾堆放 e2e-${run.id}`
  await page.fill('[data-testid=report-title]', run.title)
  await page.fill('[data-testid=report-description]', '小区东门外绿化带旁有一堆生活垃圾，已散发异味')
  await page.getByTestId('report-photo').setInputFiles(PHOTO)
  await page.getByTestId('photo-preview').waitFor()
  // No position from the browser here: the fallback is a tap on the map (its grid is drawn).
  await page.locator('[data-testid=report-map] path.grid-shape').first().waitFor()
  await page.getByTestId('report-map').click()
  await waitText(page, 'report-where', /经度/)
  await checkAxe(page, 'h5-report')
  await shot(page, '02-h5-report-form')
  await page.getByTestId('report-submit').click()
  await page.getByTestId('report-done').waitFor({ timeout: 20_000 })
  run.code = (await page.getByTestId('receipt-code').innerText()).trim()
  assert.match(run.code, /^SJ\d{16}$/)
  run.eventId = Number(run.code.slice(10))
  const href = await page.getByTestId('h5-report-view').getAttribute('href')
  assert.equal(href, '/h5/events/' + run.eventId)
  if (await page.getByTestId('photos-missing').count()) {
    run.has.attachments = false
    skip('photo upload with the report (POST /events/{id}/attachments)')
  } else {
    await page.getByTestId('photos-uploaded').waitFor()
    run.has.attachments = true
    const atts = await apiGet(run.admin, `/events/${run.eventId}/attachments`)
    assert.equal(atts.status, 200)
    assert.equal(atts.body.items.length, 1, 'the photo is stored with the event')
    assert.equal(atts.body.items[0].mime, 'image/jpeg', 'downscaled to JPEG in the browser')
  }
  const ev = (await apiGet(run.admin, '/events/' + run.eventId)).body
  assert.equal(ev.state, 'reported')
  assert.equal(ev.channel, 'grid_worker')
  assert.ok(ev.location, 'the picked point is stored')
  run.location = ev.location
  await shot(page, '03-h5-reported')
})

test('the street dashboard shows the new event without a reload', async () => {
  const page = pages.street
  const sel = `[data-testid=dash-latest] [data-event="${run.eventId}"], [data-testid=dash-feed] [data-event="${run.eventId}"]`
  await page.locator(sel).first().waitFor({ timeout: 45_000 }) // stream, or the 15 s poll without one
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded')
  const mode = await page.getByTestId('dash-live').innerText()
  if (!/实时/.test(mode)) skip('live stream on the dashboard (GET /stream) — arrived through the 15 s poll')
  const n = Number(await page.getByTestId('dash-map').getAttribute('data-point-count'))
  assert.ok(n >= 1, 'events on the map')
  await shot(page, '04-dashboard-arrived')
})

test('a resident reports the same problem on H5 using the browser position', async () => {
  const [lon, lat] = run.location
  const page = await open('resident', '/h5/report', { ...MOBILE, geolocation: { latitude: lat, longitude: lon }, permissions: ['geolocation'] })
  await waitText(page, 'report-where', /经度/) // filled from the browser's position on open
  await page.locator(`[data-testid=report-class] option[value="${run.sub.class_id}"]`).waitFor({ state: 'attached' })
  await page.selectOption('[data-testid=report-class]', String(run.sub.class_id))
  await page.selectOption('[data-testid=report-subclass]', String(run.sub.id))
  await page.fill('[data-testid=report-title]', `东门外垃圾没人清 e2e-${run.id}`)
  await page.getByTestId('report-submit').click()
  await page.getByTestId('report-done').waitFor({ timeout: 20_000 })
  run.dupCode = (await page.getByTestId('receipt-code').innerText()).trim()
  run.dupId = Number(run.dupCode.slice(10))
  await shot(page, '05-resident-reported')
  await page.getByTestId('h5-report-view').click()
  await page.getByTestId('event-title').waitFor()
  await checkAxe(page, 'h5-event-resident')
})

test('the community merges the duplicate into the original, accepts and escalates it', async () => {
  const page = await open('community', '/events/' + run.dupId)
  await page.getByTestId('event-title').waitFor()
  const d = await apiGet(run.admin, `/events/${run.dupId}/duplicates`)
  run.has.duplicates = !missing(d.status)
  if (run.has.duplicates) {
    await page.getByTestId('event-duplicates').waitFor()
    await page.getByTestId('dup-merge-' + run.eventId).waitFor({ timeout: 15_000 })
    await checkAxe(page, 'event-duplicates')
    await shot(page, '06-duplicates')
    await page.getByTestId('dup-merge-' + run.eventId).click()
  } else {
    skip('疑似重复 suggestions (GET /events/{id}/duplicates) — merged through the merge form')
    await act(page, 'merge', { before: async () => page.getByTestId('act-merge').fill(run.code), note: '与原事件重复' })
  }
  await waitText(page, 'event-state', /已合并/)
  const dup = (await apiGet(run.admin, '/events/' + run.dupId)).body
  assert.equal(dup.merged_into, run.eventId)

  await page.goto(BASE_URL + '/events/' + run.eventId)
  await page.getByTestId('event-title').waitFor()
  await act(page, 'accept', { note: '已受理' })
  await waitText(page, 'event-state', /已受理/)
  await act(page, 'escalate', { note: '垃圾量大，需城管和环保部门联合处置' })
  await waitText(page, 'event-state', /待街道吹哨/)
  await shot(page, '07-escalated')
})

test('the street whistles the lead and the assisting department', async () => {
  const page = pages.street
  await page.goto(BASE_URL + '/events/' + run.eventId)
  await page.getByTestId('event-title').waitFor()
  await act(page, 'whistle', {
    note: '请城管牵头、环保协办，限时处置',
    before: async () => {
      assert.equal(await page.getByTestId('act-lead').inputValue(), String(run.lead.id), 'lead preselected from the subclass')
      const assist = page.getByTestId('act-assist-' + run.assist.id)
      if (!(await assist.isChecked())) await assist.check()
    },
  })
  await waitText(page, 'event-state', /已吹哨待报到/)
  await page.getByTestId('dept-' + run.lead.id).waitFor()
  await page.getByTestId('dept-' + run.assist.id).waitFor()
  await shot(page, '08-whistled')
})

test('both departments report in from their inbox; the lead submits the result with evidence', async () => {
  const lead = await open('dept', '/inbox')
  await lead.getByTestId('inbox-report-in-' + run.eventId).click({ timeout: 20_000 })
  await lead.getByTestId('inbox-report-in-' + run.eventId).waitFor({ state: 'detached' })
  await checkAxe(lead, 'dept-inbox')
  const assist = await open('dept2', '/inbox')
  await assist.getByTestId('inbox-report-in-' + run.eventId).click({ timeout: 20_000 })
  await assist.getByTestId('inbox-report-in-' + run.eventId).waitFor({ state: 'detached' })
  const ev = (await apiGet(run.admin, '/events/' + run.eventId)).body
  assert.equal(ev.state, 'handling')
  assert.ok(ev.departments.every((x) => x.reported_in_at), 'both departments reported in')

  await lead.goto(BASE_URL + '/events/' + run.eventId)
  await lead.getByTestId('event-title').waitFor()
  await act(lead, 'submit', { note: '已清运垃圾并消杀，现场恢复整洁', files: run.has.attachments ? [EVIDENCE] : undefined })
  await waitText(lead, 'event-state', /待核查/)
  if (run.has.attachments) {
    const tl = (await apiGet(run.admin, `/events/${run.eventId}/timeline`)).body.items
    const submit = tl.find((s) => s.action === 'submit')
    assert.equal(submit.attachment_ids.length, 1, 'the evidence photo is on the submit step')
    await lead.locator('[data-testid=event-attachments] [data-testid=att-img]').nth(1).waitFor()
  }
  await shot(lead, '09-submitted')
})

test('the grid worker verifies on H5 and the event is closed', async () => {
  const page = pages.gridworker
  await page.goto(BASE_URL + '/h5/events')
  await page.getByTestId('h5-event-' + run.eventId).click({ timeout: 20_000 })
  await page.waitForURL(new RegExp(`/h5/events/${run.eventId}$`))
  await page.getByTestId('event-title').waitFor()
  await checkAxe(page, 'h5-event-gridworker')
  await act(page, 'verify', { note: '现场核查，已清理干净' })
  await waitText(page, 'event-state', /已结案/)
  await shot(page, '10-closed')
  await page.goto(BASE_URL + '/h5/events')
  await page.getByTestId('h5-tab-all').click()
  await page.getByTestId('h5-event-' + run.eventId).waitFor()
  await checkAxe(page, 'h5-events')
})

test('H5 in elder mode: every touch target ≥ 60 px, body text ≥ 18 px; ≥ 44 px without it', async () => {
  const page = pages.gridworker
  const measure = () => page.evaluate(() => {
    const els = [...document.querySelectorAll('main a, main button, main select, main input:not([type=file]):not(.sr-only), header a, header button')]
      .filter((e) => e.offsetParent !== null && !e.closest('.leaflet-container'))
    return {
      small: els.map((e) => ({ t: (e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 20), h: e.getBoundingClientRect().height })),
      body: parseFloat(getComputedStyle(document.querySelector('main')).fontSize),
    }
  })
  // elder mode is remembered per user on the server: start from off whatever an earlier run left
  await page.goto(BASE_URL + '/h5')
  await page.getByTestId('elder-toggle').waitFor()
  if (await page.evaluate(() => document.documentElement.classList.contains('elder'))) {
    await page.getByTestId('elder-toggle').click()
    await page.waitForFunction(() => !document.documentElement.classList.contains('elder'))
  }
  await page.goto(BASE_URL + '/h5/events')
  await page.getByTestId('h5-tab-all').click()
  await page.getByTestId('h5-event-' + run.eventId).waitFor()
  let m = await measure()
  assert.deepEqual(m.small.filter((x) => x.h < 44), [], 'targets ≥ 44 px')
  await page.goto(BASE_URL + '/h5')
  await page.getByTestId('elder-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'))
  await page.getByTestId('h5-tile-events').click()
  await page.getByTestId('h5-tab-all').click()
  await page.getByTestId('h5-event-' + run.eventId).waitFor()
  m = await measure()
  assert.deepEqual(m.small.filter((x) => x.h < 60), [], 'targets ≥ 60 px in elder mode')
  assert.ok(m.body >= 18, `body text ${m.body}px ≥ 18 px`)
  await checkAxe(page, 'h5-events-elder')
  await shot(page, '10b-h5-elder')
  await page.goto(BASE_URL + '/h5')
  await page.getByTestId('elder-toggle').click()
  await page.waitForFunction(() => !document.documentElement.classList.contains('elder'))
})

test('the resident, following the original since the merge, rates it 5 on H5', async () => {
  const page = pages.resident
  await page.goto(BASE_URL + '/h5/events')
  await page.getByTestId('h5-tab-all').click()
  const row = page.getByTestId('h5-event-' + run.eventId)
  if (await row.waitFor({ timeout: 8_000 }).then(() => true, () => false)) await row.click()
  else {
    console.log('# eventloop: note — the followed event is not in the resident\'s 我的上报 list; opened by link')
    await page.goto(BASE_URL + '/h5/events/' + run.eventId)
  }
  await page.getByTestId('event-title').waitFor()
  await act(page, 'rate', {
    note: '处理及时，非常满意',
    before: async () => { await page.locator('label.star', { has: page.getByTestId('act-star-5') }).click() },
  })
  await waitText(page, 'event-rating', /5 分/)
  const ev = (await apiGet(run.admin, '/events/' + run.eventId)).body
  assert.equal(ev.state, 'closed')
  assert.equal(ev.rating, 5)
  await shot(page, '11-rated')
})

test('the timeline has every step of the loop', async () => {
  const tl = (await apiGet(run.admin, `/events/${run.eventId}/timeline`)).body.items.map((s) => s.action)
  for (const a of ['report', 'accept', 'escalate', 'whistle', 'report_in', 'submit', 'verify', 'rate']) assert.ok(tl.includes(a), `timeline has ${a}: ${tl}`)
  assert.equal(tl.filter((a) => a === 'report_in').length, 2, 'two report-ins')
})

test('messages: the bell and the inbox (when the server has notifications)', async () => {
  if (!run.has.notifications) { skip('in-app notifications (GET /notifications)'); return }
  const page = pages.dept
  await page.goto(BASE_URL + '/messages')
  await page.locator('[data-testid=notify-list], [data-testid=notify-empty]').first().waitFor()
  const token = await apiLogin('dept')
  const count = (await apiGet(token, '/notifications/unread_count')).body.count
  if (count > 0) await waitText(page, 'notify-count', new RegExp(String(count > 99 ? '99\\+' : count)))
  await checkAxe(page, 'messages')
  await shot(page, '12-messages')
  const first = page.locator('[data-testid=notify-list] button[data-event]:not([data-event=""])').first()
  if (await first.count()) {
    const id = await first.getAttribute('data-event')
    await first.click()
    await page.waitForURL(new RegExp(`/events/${id}$`))
    await page.getByTestId('event-title').waitFor()
  }
  const h5 = pages.gridworker
  await h5.goto(BASE_URL + '/h5/messages')
  await h5.locator('[data-testid=notify-list], [data-testid=notify-empty]').first().waitFor()
  await checkAxe(h5, 'h5-messages')
})

test('考核统计: the KPI page for the street (when the server has KPIs)', async () => {
  const page = pages.street
  await page.goto(BASE_URL + '/kpi')
  if (!run.has.kpis) {
    await page.getByTestId('kpi-missing').waitFor()
    skip('KPI page figures (GET /kpis)')
    return
  }
  await page.locator('[data-testid=kpi-table], [data-testid=kpi-empty]').first().waitFor({ timeout: 20_000 })
  if (await page.getByTestId('kpi-table').count()) {
    await page.getByTestId('kpi-sort-closed').click()
    assert.equal(await page.locator('th[aria-sort=descending]').count(), 1)
  }
  await checkAxe(page, 'kpi')
  await shot(page, '13-kpi')
})

test('CSV export of the filtered event list', async () => {
  const page = pages.community
  await page.goto(BASE_URL + '/events')
  await page.getByTestId('event-table').waitFor({ timeout: 20_000 })
  await page.fill('[data-testid=filter-q]', run.id)
  await page.getByTestId('filter-search').click()
  const csvProbe = await fetch(BASE_URL + '/api/v1/events.csv?limit=1', { headers: { Authorization: 'Bearer ' + run.admin } })
  if (missing(csvProbe.status)) {
    await page.getByTestId('export-csv').click()
    await page.getByTestId('csv-missing').waitFor()
    skip('CSV export (GET /events.csv)')
    return
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  assert.match(dl.suggestedFilename(), /^events-\d{4}-\d{2}-\d{2}\.csv$/)
  const path = join(SHOT_DIR, 'loop-events.csv')
  await dl.saveAs(path)
  const text = (await import('node:fs')).readFileSync(path, 'utf8')
  assert.ok(text.includes(run.code), 'the exported rows include the event')
})

test('督办: the supervision page with the month\'s red and yellow cards', async () => {
  const page = pages.street
  await page.goto(BASE_URL + '/supervision')
  await page.locator('h2#sup-open-h').waitFor({ timeout: 20_000 })
  await page.locator('[data-testid=sup-cards], #sup-cards-h ~ p.og-muted').first().waitFor({ timeout: 20_000 })
  await checkAxe(page, 'supervision')
  await shot(page, '14-supervision')
})

test('no unexpected console errors', () => {
  // 404s are the endpoints still being built (skipped above); nothing else should fail.
  const unexpected = consoleErrors.filter((e) => !/status of 404 \(Not Found\)/.test(e))
  assert.deepEqual(unexpected, [])
})
