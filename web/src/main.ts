// Start-up: pinia, i18n, router; stored preferences applied before the first paint;
// a 401 on any authenticated call sends the user to /login?redirect=<where they were>.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { setUnauthorizedHandler } from './api/http'
import { useAuthStore } from './stores/auth'
import { usePrefsStore } from './stores/prefs'
import './styles/base.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)

const auth = useAuthStore()
auth.init()
usePrefsStore().apply()

setUnauthorizedHandler((e) => {
  auth.handleUnauthorized(e)
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: current.fullPath, reason: 'expired' } })
  }
})

app.use(router)
app.mount('#app')
