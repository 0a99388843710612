// API problems (RFC 9457 `code` / `field`) shown next to the offending form field: the message
// comes from the code (errorMessage), the place from `field`; problems without a field we know
// go to the form's general alert.
import { reactive, ref, type Ref } from 'vue'
import { ApiError } from '../api/http'
import { errorMessage } from '../i18n'

export interface FieldErrors {
  fields: Record<string, string>
  general: Ref<string>
  clear: () => void
  /** Place an error; returns the field it went to ('' for the general alert). */
  show: (e: unknown) => string
}

/** `known`: the form's fields; `aliases` maps an API field name to a form field (org_id → org). */
export function useFieldErrors(known: readonly string[], aliases: Record<string, string> = {}): FieldErrors {
  const fields = reactive<Record<string, string>>({})
  const general = ref<string>('')
  function clear() {
    for (const k of Object.keys(fields)) delete fields[k]
    general.value = ''
  }
  function show(e: unknown): string {
    clear()
    const msg = errorMessage(e)
    const raw = e instanceof ApiError ? e.field ?? FIELD_OF_CODE[e.code] ?? '' : ''
    const f = aliases[raw] ?? raw
    if (f && known.includes(f)) {
      fields[f] = msg
      return f
    }
    general.value = msg
    return ''
  }
  return { fields, general, clear, show }
}

/** The field of codes the API reports without `field` (409 duplicates, 403 on a role). */
export const FIELD_OF_CODE: Record<string, string> = {
  'user.duplicate_username': 'username',
  'user.duplicate_grant': 'role',
  'user.grant_forbidden': 'role',
  'user.reset_forbidden': '',
  'org.duplicate_code': 'code',
}
