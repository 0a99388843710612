// Routes (each page its own chunk) and the guard: no session → /login?redirect=…;
// a page without its permission → home.
import { createRouter, createWebHistory } from 'vue-router'
import type { Permission } from '../api/types'
import { useAuthStore } from '../stores/auth'
import { homeFor } from './menu'

declare module 'vue-router' {
  interface RouteMeta { title?: string; perm?: Permission; public?: boolean; /** the menu entry a sub-page belongs to */ menu?: string }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
    { path: '/h5', name: 'h5', component: () => import('../views/H5Home.vue'), meta: { title: 'menu.h5' } },
    {
      path: '/',
      component: () => import('../views/AppLayout.vue'),
      children: [
        { path: '', name: 'home', component: { render: () => null }, meta: {} },
        { path: 'overview', name: 'overview', component: () => import('../views/OverviewView.vue'), meta: { title: 'menu.overview', perm: 'user.read' } },
        { path: 'map', name: 'map', component: () => import('../views/MapView.vue'), meta: { title: 'menu.map', perm: 'org.read' } },
        { path: 'org', name: 'org', component: () => import('../views/OrgView.vue'), meta: { title: 'menu.org', perm: 'org.read' } },
        { path: 'users', name: 'users', component: () => import('../views/UsersView.vue'), meta: { title: 'menu.users', perm: 'user.read' } },
        { path: 'users/new', name: 'user-new', component: () => import('../views/UserNewView.vue'), meta: { title: 'users.createTitle', perm: 'user.manage', menu: 'users' } },
        { path: 'users/:id(\\d+)', name: 'user-edit', component: () => import('../views/UserEditView.vue'), meta: { title: 'users.edit', perm: 'user.read', menu: 'users' } },
        { path: 'audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { title: 'menu.audit', perm: 'audit.read' } },
        { path: 'profile', name: 'profile', component: () => import('../views/ProfileView.vue'), meta: { title: 'menu.profile', perm: 'self' } },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) {
    if (to.name === 'login' && auth.isLoggedIn && auth.user) return homeFor(auth.permissions)
    return true
  }
  if (!auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } }
  if (!auth.user) {
    try {
      await auth.fetchMe()
    } catch {
      // a 401 already cleared the session; anything else: try again from the login page
      if (auth.isLoggedIn) auth.clear()
      return { name: 'login', query: { redirect: to.fullPath } }
    }
  }
  if (to.name === 'home') return homeFor(auth.permissions)
  if (to.meta.perm && !auth.can(to.meta.perm)) return homeFor(auth.permissions)
  return true
})
