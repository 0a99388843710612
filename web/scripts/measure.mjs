// Login-route performance in headless Chromium against BASE_URL: JS+CSS transferred for /login
// (and their gzip size, measured here with zlib level 9 whatever the server sends), and the time
// from navigation start to the login form being interactive (the `login-interactive` mark that
// LoginView sets when mounted, and the time until the submit button is visible and enabled).
// Prints a Markdown snippet. Usage: BASE_URL=http://127.0.0.1:8080 node scripts/measure.mjs [runs]
import { gzipSync } from 'node:zlib'
import { BASE_URL, launch } from '../e2e/browser.mjs'

const RUNS = Number(process.argv[2] ?? 5)
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

const { context, close } = await launch()
let assets = new Map()
const marks = []
const ready = []
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await page.evaluate(() => localStorage.clear()).catch(() => {})
    const run = new Map()
    page.on('response', async (r) => {
      const url = r.url()
      if (!/\.(js|css)(\?|$)/.test(url)) return
      try { run.set(url, (await r.body()).length) } catch { /* aborted */ }
    })
    await page.goto(BASE_URL + '/login', { waitUntil: 'commit' })
    await page.locator('[data-testid=login-submit]:not([disabled])').waitFor({ state: 'visible' })
    const t = await page.evaluate(() => ({
      mark: performance.getEntriesByName('login-interactive')[0]?.startTime ?? NaN,
      now: performance.now(),
    }))
    await page.waitForLoadState('load')
    marks.push(t.mark)
    ready.push(t.now)
    if (i === 0) assets = run
    await page.close()
  }
  let raw = 0
  let gz = 0
  const rows = []
  for (const [url] of assets) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer())
    const g = gzipSync(body, { level: 9 }).length
    raw += body.length
    gz += g
    rows.push(`| ${new URL(url).pathname} | ${(body.length / 1024).toFixed(1)} | ${(g / 1024).toFixed(1)} |`)
  }
  const kb = (n) => (n / 1024).toFixed(1)
  console.log(`### Web console: login route (${new Date().toISOString().slice(0, 10)}, headless Chromium, localhost)

| measure | value | target |
|---|---|---|
| JS + CSS for /login, gzip | **${kb(gz)} KB** (${kb(raw)} KB raw, ${assets.size} files) | < 400 KB |
| navigation → login form mounted (median of ${RUNS}) | **${median(marks).toFixed(0)} ms** | < 1 s |
| navigation → submit button visible and enabled (median of ${RUNS}) | ${median(ready).toFixed(0)} ms | |

<details><summary>files</summary>

| file | raw KB | gzip KB |
|---|---|---|
${rows.join('\n')}

</details>`)
  if (gz > 400 * 1024 || median(marks) > 1000) {
    console.error('measure: over target')
    process.exitCode = 1
  }
} finally {
  await close()
}
