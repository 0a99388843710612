// Keyset ("load more") pagination shared by the list pages: the first page on load(), the next
// one on more(), loading/ready/error state, and stale answers dropped (a new search started
// while an older request was in flight wins).
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { errorMessage } from '../i18n'

/** One page: its rows and the cursor for the next page (null: this was the last). */
export interface KeysetPage<T> { items: T[]; next: number | null }
export type ListState = 'idle' | 'loading' | 'ready' | 'error'

export interface Keyset<T> {
  rows: ShallowRef<T[]>
  next: Ref<number | null>
  state: Ref<ListState>
  error: Ref<string>
  /** Another page exists. */
  hasMore: ComputedRef<boolean>
  /** The answer came and had no rows. */
  empty: ComputedRef<boolean>
  load: () => Promise<void>
  more: () => Promise<void>
  /** Replace one row in place (after an edit), matched by `same`. */
  replace: (row: T, same: (a: T, b: T) => boolean) => void
}

export function useKeyset<T>(fetchPage: (cursor: number | null) => Promise<KeysetPage<T>>): Keyset<T> {
  const rows = shallowRef<T[]>([])
  const next = ref<number | null>(null)
  const state = ref<ListState>('idle')
  const error = ref('')
  let seq = 0

  async function run(more: boolean) {
    if (more && next.value === null) return
    const mine = ++seq
    state.value = 'loading'
    error.value = ''
    try {
      const page = await fetchPage(more ? next.value : null)
      if (mine !== seq) return // a newer request superseded this one
      rows.value = more ? [...rows.value, ...page.items] : page.items
      next.value = page.next
      state.value = 'ready'
    } catch (e) {
      if (mine !== seq) return
      error.value = errorMessage(e)
      state.value = 'error'
    }
  }

  return {
    rows, next, state, error,
    hasMore: computed(() => next.value !== null),
    empty: computed(() => state.value === 'ready' && rows.value.length === 0),
    load: () => run(false),
    more: () => run(true),
    replace(row, same) {
      rows.value = rows.value.map((r) => (same(r, row) ? row : r))
    },
  }
}
