// The header's org-unit switcher as the pages see it: the grant org units and the one to narrow to.
import { computed } from 'vue'
import { useAuthStore } from '../stores/auth'
import { usePrefsStore } from '../stores/prefs'
import { grantOrgs, scopeOrgId } from '../utils/scope'

export function useScope() {
  const auth = useAuthStore()
  const prefs = usePrefsStore()
  const orgs = computed(() => grantOrgs(auth.user?.grants ?? []))
  const orgId = computed(() => scopeOrgId(auth.user?.grants ?? [], prefs.activeOrgId))
  const label = computed(() => orgs.value.find((o) => o.id === orgId.value)?.label ?? '')
  return { orgs, orgId, label }
}
