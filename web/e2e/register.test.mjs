// End-to-end: the 一标三实 register in the browser against a real `onegrid serve` (BASE_URL).
// The community worker uploads two department extracts through the import wizard — a police CSV
// and a civil-affairs .xlsx that the browser converts to CSV — written here around rooms taken
// from GET /addresses: the dry run shows the planted issues in Chinese (bad check digit, bad
// phone, a row without name or ID) and an unknown column is mapped by hand; the import is
// committed; in the review queue a possible duplicate is merged and an unmatched address fixed;
// then the building (rooms coloured by use, care badges), the household and the person card
// (masked) are opened, the ID number is unmasked with a purpose, a batch is rolled back, and the
// admin finds the person.unmask record in the audit log. axe-core runs on every page.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { BASE_URL, SHOT_DIR, axeSerious, launchBrowser } from './browser.mjs'

const PW = 'onegrid-demo'
let b, page
const consoleErrors = []
const axeReport = {}
const run = {}

// ---- helpers ----

async function apiLogin(username) {
  const r = await fetch(BASE_URL + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PW }) })
  assert.equal(r.status, 200, 'login ' + username)
  return (await r.json()).token
}
async function apiGet(token, path) {
  const r = await fetch(BASE_URL + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + token } })
  return { status: r.status, body: await r.json().catch(() => null) }
}
/** GB 11643: the check character of an 18-digit ID number. */
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[s % 11]
}
const wrongCheck = (id) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
const shot = (name) => page.screenshot({ path: join(SHOT_DIR, 'register-' + name + '.png'), fullPage: true })
async function checkAxe(name) {
  const r = await axeSerious(page)
  axeReport[name] = r.all
  assert.deepEqual(r.serious, [], `${name}: serious/critical axe violations`)
}
const text = (testid) => page.getByTestId(testid).innerText()

/** Empty rooms of the worker's community: a couple's, one for someone living alone, one for a fix. */
async function pickRooms(token, communityId) {
  const estates = (await apiGet(token, '/addresses?community_id=' + communityId)).body.items
  assert.ok(estates.length > 0, 'the community has estates')
  for (const e of estates) {
    const buildings = (await apiGet(token, '/addresses?parent_id=' + e.id)).body.items
    for (const bl of buildings) {
      const view = (await apiGet(token, '/buildings/' + bl.id)).body
      const empty = view.units.flatMap((u) => u.floors.flatMap((f) => f.rooms)).filter((r) => r.occupants === 0)
      if (empty.length >= 3) return { estateId: e.id, building: view, roomA: empty[0], roomB: empty[1], roomC: empty[2] }
    }
  }
  throw new Error('no building with three empty rooms in the community')
}

// ---- the run ----

before(async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  run.admin = await apiLogin('admin')
  run.token = await apiLogin('community')
  const me = (await apiGet(run.token, '/auth/me')).body
  assert.ok(me.permissions.includes('register.manage') && me.permissions.includes('people.unmask'), 'community_worker manages the register')
  run.communityId = me.grants.find((g) => g.role === 'community_worker').org_id
  const picked = await pickRooms(run.token, run.communityId)
  Object.assign(run, picked)
  const fullName = async (room) => {
    // A room's full name ("<estate>5号楼2单元301") is what a department writes as 现住址.
    const unit = run.building.units.find((u) => u.floors.some((f) => f.rooms.some((r) => r.id === room.id)))
    const floor = unit.floors.find((f) => f.rooms.some((r) => r.id === room.id))
    const floorNode = (await apiGet(run.token, '/addresses?parent_id=' + unit.id)).body.items.find((x) => x.number === floor.number)
    room.path = { unit: unit.id, floor: floorNode.id }
    return (await apiGet(run.token, '/addresses?parent_id=' + floorNode.id)).body.items.find((x) => x.id === room.id).full_name
  }
  run.addrA = await fullName(run.roomA)
  run.addrB = await fullName(run.roomB)
  run.addrC = await fullName(run.roomC)
  const tag = String(Date.now() % 900 + 100)
  run.head = { name: '欧阳晓测', id: idNumber(`11010519400315${tag.slice(0, 2)}1`), phone: '13912340001' }
  run.spouse = { name: '欧阳晓红', id: idNumber(`11010519420601${tag.slice(0, 2)}2`) }
  run.alone = { name: '司马独居', id: idNumber(`11010519380920${tag.slice(0, 2)}2`) }
  run.badId = wrongCheck(idNumber(`11010519700101${tag.slice(0, 2)}3`))
  run.household = 'HH-E2E-' + tag
  const police = [
    '序号,姓名,性别,公民身份号码,出生日期,联系电话,现住址,户号,与户主关系,人员类型',
    `E2E-P1,${run.head.name},男,${run.head.id},1940-03-15,${run.head.phone},${run.addrA},${run.household},户主,户籍人口`,
    `E2E-P2,${run.spouse.name},女,${run.spouse.id},1942-06-01,13912340002,${run.addrA},${run.household},配偶,户籍人口`,
    `E2E-P3,${run.alone.name},女,${run.alone.id},1938-09-20,13912340003,${run.addrB},,,户籍人口`,
    `E2E-P4,上官错号,男,${run.badId},1970-01-01,12345,,,,流动人口`,
    'E2E-P5,,,,1980-01-01,13912340005,,,,',
    `E2E-P6,东方无址,男,${idNumber(`11010519600707${tag.slice(0, 2)}5`)},1960-07-07,13912340006,幸福里小区99号楼9单元909,,,户籍人口`,
  ].join('\n') + '\n'
  // civil affairs: the head again without an ID number (name + birth alone → review), with a
  // column the synonyms do not know (困难类别) that the worker maps to 关爱类别.
  const ws = XLSX.utils.aoa_to_sheet([
    ['编号', '姓名', '性别', '出生日期', '困难类别'],
    ['MZ-E2E-1', run.head.name, '男', '1940-03-15', '低保'],
  ])
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, '低保名单')
  run.files = [
    { name: 'police-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(police, 'utf8') },
    { name: 'civil-e2e.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) },
  ]
  b = await launchBrowser()
  const ctx = await b.newContext()
  page = await ctx.newPage()
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`) })
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`))
})
after(async () => {
  writeFileSync(join(SHOT_DIR, 'axe-register.json'), JSON.stringify(axeReport, null, 2))
  if (consoleErrors.length) console.log('# register: console errors\n#   ' + consoleErrors.join('\n#   '))
  await b?.close()
})

test('the community worker logs in and opens the import wizard from the menu', async () => {
  await page.goto(BASE_URL + '/login?redirect=' + encodeURIComponent('/register/people'))
  await page.fill('#login-username', 'community')
  await page.fill('#login-password', PW)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/register/people')
  await page.getByTestId('people-table').waitFor()
  for (const m of ['people', 'addresses', 'registerStats', 'import', 'batches', 'reviews']) assert.equal(await page.getByTestId('menu-' + m).count(), 1, 'menu ' + m)
  assert.match(await page.locator('[data-testid=masked-id]').first().innerText(), /\*/, 'ID numbers are masked in the list')
  await checkAxe('people')
  await shot('01-people')
  await page.getByTestId('menu-import').click()
  await page.waitForURL(/\/register\/import$/)
  await page.locator('[data-testid=import-source] option[value=police]').waitFor({ state: 'attached' })
})

test('uploads a CSV and an .xlsx; the dry run shows the issues in Chinese and takes a column mapping', async () => {
  await page.getByTestId('import-files').setInputFiles(run.files)
  await page.getByTestId('import-converted').waitFor() // the .xlsx became CSV in the browser
  const sources = await page.locator('[data-testid=job-source]').evaluateAll((els) => els.map((e) => e.value))
  assert.deepEqual(sources, ['police', 'civil'], 'sources guessed from the file names')
  await checkAxe('import-step1')
  await shot('02-import-files')
  await page.getByTestId('import-dry-run').click()
  const police = page.getByTestId('report-police-e2e.csv')
  const civil = page.getByTestId('report-civil-e2e.xlsx')
  await police.getByTestId('dry-counts').waitFor({ timeout: 30_000 })
  await civil.getByTestId('dry-counts').waitFor({ timeout: 30_000 })
  assert.equal(await police.getByTestId('count-total').innerText(), '6')
  assert.equal(await police.getByTestId('count-error').innerText(), '1', 'the row without name and ID is an error')
  const issues = await police.getByTestId('dry-issues').innerText()
  assert.match(issues, /身份证号校验位错误/)
  assert.match(issues, /电话号码无效/)
  assert.match(issues, /缺少姓名和证件号/)
  assert.equal(await police.locator('[data-testid="issue-id.check_digit"]').count(), 1)
  assert.ok(!issues.includes(run.badId), 'the bad ID number is shown masked')
  assert.match(await police.getByTestId('dry-columns').innerText(), /公民身份号码\s+身份证号/)
  // 困难类别 is unknown: map it to 关爱类别 and run the dry run again
  assert.match(await civil.getByTestId('dry-ignored').innerText(), /困难类别/)
  await civil.locator('[data-testid=map-困难类别]').selectOption('care_tags')
  await civil.getByTestId('dry-remap').click()
  await page.waitForFunction(() => /困难类别\s*关爱类别/.test(document.querySelector('[data-testid="report-civil-e2e.xlsx"] [data-testid=dry-columns]')?.textContent ?? ''), null, { timeout: 30_000 })
  // each dry run is against today's register (the police file is not in yet): a new person
  assert.equal(await civil.getByTestId('count-new').innerText(), '1')
  // nothing was written by the dry run
  const found = (await apiGet(run.token, '/people?id_number=' + run.head.id)).body.items
  assert.equal(found.length, 0, 'a dry run changes nothing')
  await checkAxe('import-dry-run')
  await shot('03-import-dry-run')
})

test('commits both files as batches', async () => {
  await page.getByTestId('import-commit').click()
  await page.locator('[data-testid=job-committed]').nth(1).waitFor({ timeout: 30_000 })
  const batches = (await apiGet(run.token, '/imports?limit=5')).body.items
  const civil = batches.find((x) => x.file_name === 'civil-e2e.csv')
  const police = batches.find((x) => x.file_name === 'police-e2e.csv')
  assert.ok(civil && police, 'both batches are listed (the .xlsx as .csv)')
  assert.equal(police.rows.total, 6)
  const head = (await apiGet(run.token, '/people?id_number=' + run.head.id)).body.items
  assert.equal(head.length, 1, 'the head is found by exact ID number')
  run.headId = head[0].id
  run.civilBatch = civil.id
  run.policeBatch = police.id
  await page.getByTestId('job-reviews').first().waitFor()
  await shot('04-import-committed')
})

test('the review queue: merges the possible duplicate and fixes the unmatched address', async () => {
  const open = async (batch) => (await apiGet(run.token, `/reviews?state=open&batch_id=${batch}&limit=50`)).body.items
  const match = (await open(run.civilBatch)).find((i) => i.kind === 'match' && i.candidate?.id === run.headId)
  const addr = (await open(run.policeBatch)).find((i) => i.kind === 'address' && i.detail.text?.includes('幸福里小区'))
  assert.ok(match, 'the civil row is queued against the police person')
  assert.ok(addr, 'the unknown address is queued')
  // from the wizard's link: the civil batch's items
  await page.locator('[data-testid="report-civil-e2e.xlsx"] [data-testid=job-reviews]').click()
  await page.waitForURL(new RegExp('/register/reviews\\?batch=' + run.civilBatch + '$'))
  const card = page.getByTestId('review-' + match.id)
  await card.waitFor()
  assert.match(await card.getByTestId('review-match').innerText(), new RegExp(run.head.name))
  await checkAxe('reviews')
  await shot('05-reviews')
  await card.getByTestId('review-merge-' + match.id).click()
  await page.waitForFunction((id) => /已合并/.test(document.querySelector('[data-testid=review-done]')?.textContent ?? '') && !document.querySelector(`[data-testid=review-${id}]`), match.id)
  // the address, reached from the batch list: browse community → estate → building → unit →
  // floor → room in the picker, then confirm
  await page.goto(BASE_URL + '/register/batches')
  await page.getByTestId('batch-reviews-' + run.policeBatch).click()
  await page.waitForURL(/\/register\/reviews\?batch=/)
  await page.selectOption('[data-testid=review-kind]', 'address')
  const ac = page.getByTestId('review-' + addr.id)
  await ac.waitFor()
  assert.match(await ac.getByTestId('review-address-text').innerText(), /幸福里小区99号楼9单元909/)
  await ac.locator(`[data-testid=rp-community] option[value="${run.communityId}"]`).waitFor({ state: 'attached' })
  await ac.getByTestId('rp-community').selectOption(String(run.communityId))
  for (const [level, id] of [['estate', run.estateId], ['building', run.building.id], ['unit', run.roomC.path.unit], ['floor', run.roomC.path.floor], ['room', run.roomC.id]]) {
    await ac.locator(`[data-testid=rp-${level}] option[value="${id}"]`).waitFor({ state: 'attached' })
    await ac.getByTestId('rp-' + level).selectOption(String(id))
  }
  assert.equal(await ac.getByTestId('rp-typed').inputValue(), String(run.roomC.id))
  assert.match(await ac.innerText(), new RegExp('已选：' + run.addrC))
  await ac.getByTestId('review-fix-' + addr.id).click()
  await page.waitForFunction(() => /已确认地址/.test(document.querySelector('[data-testid=review-done]')?.textContent ?? ''))
  const merged = (await apiGet(run.token, '/people/' + run.headId)).body
  assert.ok(merged.merges.some((m) => !m.undone), 'the person card lists the merge')
  assert.ok(merged.tags.includes('low_income'), 'the civil tag came with the merge')
})

test('the building view: rooms coloured by use, care badges, residents of a room', async () => {
  await page.goto(BASE_URL + '/register/addresses?c=' + run.communityId)
  await page.getByTestId('addr-estates').waitFor()
  await page.goto(BASE_URL + '/register/buildings/' + run.building.id)
  await page.getByTestId('building-grid').waitFor()
  assert.match(await text('building-legend'), /自住.*出租.*空置.*商用.*其他/s)
  const roomB = page.getByTestId('room-' + run.roomB.id)
  assert.match(await roomB.innerText(), /独居老人/, 'the woman living alone is marked')
  const roomA = page.getByTestId('room-' + run.roomA.id)
  assert.match(await roomA.innerText(), /80岁以上高龄老人/, 'the head is over 80')
  assert.doesNotMatch(await roomA.innerText(), /独居老人/, 'a couple does not live alone')
  await checkAxe('building')
  await roomA.click()
  const res = page.getByTestId('room-residents')
  await res.getByTestId('resident-link').first().waitFor()
  const names = await res.innerText()
  assert.match(names, new RegExp(run.head.name))
  assert.match(names, new RegExp(run.spouse.name))
  await shot('06-building')
})

test('the household, then the person card with masked data', async () => {
  await page.getByTestId('room-residents').getByTestId('resident-household').first().click()
  await page.waitForURL(/\/register\/households\/\d+$/)
  await page.getByTestId('household-members').waitFor()
  assert.match(await text('household-title'), new RegExp(run.household))
  assert.equal(await page.locator('[data-testid=household-members] tbody tr').count(), 2)
  await checkAxe('household')
  await shot('07-household')
  await page.locator('[data-testid=household-member]', { hasText: run.head.name }).click()
  await page.waitForURL(new RegExp('/register/people/' + run.headId + '$'))
  await page.getByTestId('person-fields').waitFor()
  const id = await page.getByTestId('pf-id_number').innerText()
  assert.match(id, /\*{4,}/, 'ID number masked')
  assert.ok(!id.includes(run.head.id))
  assert.match(await page.getByTestId('pf-name').innerText(), /公安/, 'the name came from the police extract')
  assert.match(await page.getByTestId('person-records').innerText(), /公安户籍\s+E2E-P1/)
  assert.match(await page.getByTestId('person-merges').innerText(), /合并了人员/)
  assert.equal(await page.getByTestId('tag-low_income').count(), 1)
  assert.equal(await page.getByTestId('tag-elderly_80').count(), 1)
  await checkAxe('person')
  await shot('08-person-masked')
})

test('unmask needs a purpose of 4 characters, then shows the ID number and says it is audited', async () => {
  await page.getByTestId('unmask-open').click()
  await page.getByTestId('unmask-purpose').waitFor()
  await page.getByTestId('unmask-phone').uncheck()
  await page.getByTestId('unmask-purpose').fill('核实')
  await page.getByTestId('unmask-submit').click()
  assert.match(await text('unmask-error'), /至少 4 个字/)
  await checkAxe('unmask-dialog')
  run.purpose = '入户走访核实身份'
  await page.getByTestId('unmask-purpose').fill(run.purpose)
  await page.getByTestId('unmask-submit').click()
  await page.getByTestId('unmasked-id_number').waitFor()
  assert.equal((await text('unmasked-id_number')).trim(), run.head.id)
  assert.match(await page.getByTestId('unmask-result').innerText(), /审计日志/)
  await shot('09-unmasked')
  await page.getByTestId('unmask-close').click()
  await page.getByTestId('unmask-notice').waitFor()
  assert.match(await page.getByTestId('pf-id_number').innerText(), new RegExp(run.head.id))
})

test('the merge is undone from the person card and its review item reopens', async () => {
  const merge = (await apiGet(run.token, '/people/' + run.headId)).body.merges.find((m) => !m.undone)
  await page.getByTestId('merge-undo-' + merge.id).click()
  await page.waitForFunction(() => /已撤销合并/.test(document.querySelector('[data-testid=merge-msg]')?.textContent ?? ''))
  assert.match(await page.getByTestId('merge-' + merge.id).innerText(), /已撤销/)
  const card = (await apiGet(run.token, '/people/' + run.headId)).body
  assert.ok(!card.tags.includes('low_income'), 'the tag the merge brought is gone again')
  const reopened = (await apiGet(run.token, `/reviews?state=open&batch_id=${run.civilBatch}`)).body.items
  assert.ok(reopened.some((i) => i.kind === 'match' && i.candidate?.id === run.headId), 'the review item is open again')
})

test('search by name, pinyin initials and exact ID number; statistics', async () => {
  await page.goto(BASE_URL + '/register/people')
  await page.getByTestId('people-table').waitFor()
  await page.fill('[data-testid=people-q]', run.head.id)
  await page.getByTestId('people-search').click()
  await page.waitForFunction((n) => { const rows = document.querySelectorAll('[data-testid=people-table] tbody tr'); return rows.length === 1 && rows[0].textContent.includes(n) }, run.head.name)
  await page.fill('[data-testid=people-q]', '司马')
  await page.selectOption('[data-testid=people-tag]', 'living_alone')
  await page.getByTestId('people-search').click()
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=people-table] tbody tr')].some((r) => r.textContent.includes(n)), run.alone.name)
  await page.goto(BASE_URL + '/register/stats')
  await page.getByTestId('stats-chart').waitFor()
  await page.getByTestId('stats-table').waitFor()
  assert.ok(Number((await page.locator('[data-testid=stats-total] td').first().innerText()).trim()) > 0, 'residents are counted')
  await page.selectOption('[data-testid=stats-group]', 'elderly')
  await checkAxe('stats')
  await shot('10-stats')
})

test('a batch is rolled back after a confirmation', async () => {
  // one more small extract (health, TSV) through the API, then rolled back in the console
  const body = '序号\t姓名\t性别\t出生日期\t健康标签\nJK-E2E-1\t令狐回滚\t男\t1955-05-05\t高血压\n'
  const r = await fetch(BASE_URL + '/api/v1/imports?source=health&dry_run=false&file_name=health-e2e.tsv', { method: 'POST', headers: { Authorization: 'Bearer ' + run.token, 'Content-Type': 'text/csv' }, body })
  assert.equal(r.status, 201)
  const batch = (await r.json()).batch_id
  await page.goto(BASE_URL + '/register/batches')
  await page.getByTestId('batch-' + batch).waitFor()
  await checkAxe('batches')
  await page.getByTestId('rollback-' + batch).click()
  await page.getByTestId('rollback-confirm').click()
  await page.waitForFunction((id) => /已回滚/.test(document.querySelector(`[data-testid=batch-state-${id}]`)?.textContent ?? ''), batch)
  assert.match(await text('batch-message'), /已回滚批次/)
  assert.equal((await apiGet(run.token, '/people?q=令狐回滚')).body.items.length, 0, 'the person it created is gone')
  await shot('11-batches')
})

test('the admin sees who unmasked what and why in the audit log', async () => {
  const r = await apiGet(run.admin, '/audit?action=person.unmask&limit=50')
  assert.equal(r.status, 200)
  const e = r.body.items.find((x) => x.object_id === String(run.headId))
  assert.ok(e, 'a person.unmask record for the person')
  assert.equal(e.username, 'community')
  assert.equal(e.summary.purpose, run.purpose)
  assert.deepEqual(e.summary.fields, ['id_number'])
  assert.ok(!JSON.stringify(e).includes(run.head.id), 'the audit record never holds the value')
  const unexpected = consoleErrors.filter((s) => !/status of 4\d\d/.test(s))
  assert.deepEqual(unexpected, [], 'no console errors on the register pages')
})
