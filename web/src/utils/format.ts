// Display helpers: areas (m² → 公顷/㎡) and instants in Asia/Shanghai.

/** An area in square metres, as 公顷 (hectares) from 1 ha up, else ㎡. */
export function formatArea(m2: number | null | undefined, locale: string = 'zh-CN'): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—'
  const zh = locale.startsWith('zh')
  if (m2 >= 10000) {
    const ha = (m2 / 10000).toFixed(2)
    return zh ? `${ha} 公顷` : `${ha} ha`
  }
  const v = Math.round(m2).toLocaleString('en-US')
  return zh ? `${v} ㎡` : `${v} m²`
}

/** An RFC 3339 instant shown in Beijing time, e.g. 2026-11-25 12:43:43. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23',
  }).format(d)
  return s
}
