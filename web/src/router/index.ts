// Routes (each page its own chunk) and the guard: no session → /login?redirect=…;
// a page without its permission → home.
import { createRouter, createWebHistory } from 'vue-router'
import type { Permission } from '../api/types'
import { useAuthStore } from '../stores/auth'
import { KPI_ROLES, allowed, homeFor } from './menu'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string; perm?: Permission | readonly Permission[]; public?: boolean
    /** Only for holders of one of these grant roles. */ roles?: readonly string[]
    /** the menu entry a sub-page belongs to */ menu?: string
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
    { path: '/h5', name: 'h5', component: () => import('../views/H5Home.vue'), meta: { title: 'menu.h5' } },
    { path: '/h5/events', name: 'h5-events', component: () => import('../views/h5/H5EventsView.vue'), meta: { title: 'events.h5.mine', perm: ['event.read', 'event.report'] } },
    { path: '/h5/report', name: 'h5-report', component: () => import('../views/h5/H5ReportView.vue'), meta: { title: 'events.h5.report', perm: 'event.report' } },
    { path: '/h5/messages', name: 'h5-messages', component: () => import('../views/h5/H5MessagesView.vue'), meta: { title: 'notify.page', perm: 'self' } },
    { path: '/h5/events/:id(\\d+)', name: 'h5-event', component: () => import('../views/h5/H5EventView.vue'), meta: { title: 'menu.eventDetail', perm: ['event.read', 'event.report'] } },
    {
      path: '/',
      component: () => import('../views/AppLayout.vue'),
      children: [
        { path: '', name: 'home', component: { render: () => null }, meta: {} },
        { path: 'overview', name: 'overview', component: () => import('../views/OverviewView.vue'), meta: { title: 'menu.overview', perm: 'user.read' } },
        { path: 'map', name: 'map', component: () => import('../views/MapView.vue'), meta: { title: 'menu.map', perm: 'org.read' } },
        { path: 'dashboard', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { title: 'menu.dashboard', perm: 'event.supervise', roles: ['sysadmin', 'district_officer', 'street_officer'] } },
        { path: 'events/new', name: 'event-new', component: () => import('../views/EventReportView.vue'), meta: { title: 'menu.eventReport', perm: 'event.report' } },
        { path: 'events', name: 'events', component: () => import('../views/EventsView.vue'), meta: { title: 'menu.events', perm: ['event.read', 'event.report'] } },
        { path: 'events/:id(\\d+)', name: 'event', component: () => import('../views/EventDetailView.vue'), meta: { title: 'menu.eventDetail', perm: ['event.read', 'event.report'], menu: 'events' } },
        { path: 'kpi', name: 'kpi', component: () => import('../views/KpiView.vue'), meta: { title: 'menu.kpi', perm: 'event.read', roles: KPI_ROLES } },
        { path: 'supervision', name: 'supervision', component: () => import('../views/SupervisionView.vue'), meta: { title: 'menu.supervision', perm: 'event.read', roles: KPI_ROLES } },
        { path: 'messages', name: 'messages', component: () => import('../views/MessagesView.vue'), meta: { title: 'menu.messages', perm: 'self' } },
        { path: 'inbox', name: 'inbox', component: () => import('../views/DeptInboxView.vue'), meta: { title: 'menu.inbox', perm: 'event.read', roles: ['department_staff'] } },
        { path: 'register/people', name: 'people', component: () => import('../views/register/PeopleView.vue'), meta: { title: 'reg.menu.people', perm: 'people.read' } },
        { path: 'register/people/:id(\\d+)', name: 'person', component: () => import('../views/register/PersonView.vue'), meta: { title: 'reg.menu.person', perm: 'people.read', menu: 'people' } },
        { path: 'register/households/:id(\\d+)', name: 'household', component: () => import('../views/register/HouseholdView.vue'), meta: { title: 'reg.menu.household', perm: 'people.read', menu: 'people' } },
        { path: 'register/addresses', name: 'addresses', component: () => import('../views/register/AddressesView.vue'), meta: { title: 'reg.menu.addresses', perm: 'people.read' } },
        { path: 'register/buildings/:id(\\d+)', name: 'building', component: () => import('../views/register/BuildingView.vue'), meta: { title: 'reg.menu.building', perm: 'people.read', menu: 'addresses' } },
        { path: 'register/organisations', name: 'organisations', component: () => import('../views/register/OrganisationsView.vue'), meta: { title: 'reg.menu.organisations', perm: 'people.read' } },
        { path: 'register/stats', name: 'registerStats', component: () => import('../views/register/StatsView.vue'), meta: { title: 'reg.menu.stats', perm: 'people.read' } },
        { path: 'register/import', name: 'import', component: () => import('../views/register/ImportView.vue'), meta: { title: 'reg.menu.import', perm: 'register.manage' } },
        { path: 'register/sources', name: 'sources', component: () => import('../views/register/SourcesView.vue'), meta: { title: 'reg.menu.sources', perm: 'register.manage' } },
        { path: 'register/batches', name: 'batches', component: () => import('../views/register/BatchesView.vue'), meta: { title: 'reg.menu.batches', perm: 'register.manage' } },
        { path: 'register/reviews', name: 'reviews', component: () => import('../views/register/ReviewsView.vue'), meta: { title: 'reg.menu.reviews', perm: 'register.manage' } },
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
    if (to.name === 'login' && auth.isLoggedIn && auth.user) return homeFor(auth.permissions, auth.roles)
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
  if (to.name === 'home') return homeFor(auth.permissions, auth.roles)
  if (to.meta.perm && !allowed({ perm: to.meta.perm, roles: to.meta.roles }, auth.permissions, auth.roles)) return homeFor(auth.permissions, auth.roles)
  return true
})
