// Every message key the sources use literally (t('a.b')) exists in zh-CN and in English, and the
// keys built at run time (kinds, history actions) do too.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { i18n } from './index'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts') ? [p] : []
  })
}

describe('message keys', () => {
  it('all literal keys exist in both locales', () => {
    const missing: string[] = []
    for (const f of files(join(__dirname, '..'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]*[a-zA-Z0-9_])'(?!\s*\+)/g)) {
        for (const loc of ['zh-CN', 'en'] as const) if (!i18n.global.te(m[1], loc)) missing.push(`${loc} ${m[1]} (${f})`)
      }
    }
    expect(missing).toEqual([])
  })
  it('dynamic keys exist too', () => {
    const keys = [
      ...['district', 'street', 'community', 'grid', 'department'].map((k) => 'kind.' + k),
      ...['create', 'update', 'deactivate'].map((a) => 'org.action.' + a),
      ...['streets', 'communities', 'grids', 'departments', 'gridsWithoutWorker', 'users'].map((k) => 'overview.' + k),
      'menu.overview', 'menu.org', 'users.createTitle', 'users.edit',
    ]
    for (const loc of ['zh-CN', 'en'] as const) expect(keys.filter((k) => !i18n.global.te(k, loc))).toEqual([])
  })
})
