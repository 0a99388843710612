// Launches the system Chromium (/usr/bin/chromium) through playwright-core with a fresh profile.
// Never downloads a browser.
import { chromium } from 'playwright-core'
import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
export const SHOT_DIR = process.env.SCREENSHOT_DIR ?? join(process.cwd(), '..', 'build', 'e2e')

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'onegrid-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: false, // we pass --headless=new ourselves
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
  })
  const close = async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  return { context, close }
}

const ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** One Chromium with several isolated contexts (one per user, as on separate devices). */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: false, args: ARGS })
  const newContext = (opts = {}) => browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', ...opts })
  return { browser, newContext, close: () => browser.close() }
}

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axeSerious(page) {
  // Judge the page at rest: no button still in its loading state (Element Plus lays a pale veil
  // over it) and no hover effect under the pointer left by the last click.
  await page.mouse.move(0, 0)
  await page.waitForFunction(() => !document.querySelector('.el-button.is-loading'), null, { timeout: 15_000 })
  await page.waitForTimeout(250) // the buttons' colour transitions
  await page.addScriptTag({ content: AXE_SOURCE })
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return {
    all: result,
    serious: result.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  }
}
