// English.
import type zh from './zh-CN'

const en: typeof zh = {
  app: { title: 'OneGrid', subtitle: 'Community governance platform', skip: 'Skip to main content' },
  menu: {
    home: 'Home', map: 'Grid map', org: 'Organisation', users: 'Users', audit: 'Audit log',
    profile: 'Profile', logout: 'Log out', h5: 'Mobile', more: 'Turn elder mode off for more features',
  },
  common: {
    loading: 'Loading…', empty: 'No data', retry: 'Retry', search: 'Search', reset: 'Reset',
    loadMore: 'Load more', save: 'Save', yes: 'Yes', no: 'No', error: 'Something went wrong', close: 'Close',
  },
  header: {
    language: 'Language', elder: 'Elder mode', elderOn: 'Elder mode is on', org: 'Current org unit',
    readAloud: 'Read page aloud', stopReading: 'Stop reading', menuToggle: 'Menu',
  },
  login: {
    title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', submitting: 'Logging in…',
    usernameRequired: 'Enter your username', passwordRequired: 'Enter your password',
    expired: 'Your session has ended; please log in again', loggedOut: 'You have logged out',
    demoHint: 'Demo password: onegrid-demo',
  },
  map: {
    title: 'Grid map', tree: 'Organisation', grids: 'Grids', noGrids: 'There are no grids in your scope',
    selectHint: 'Click a grid on the map or pick one in the tree to see its details', panel: 'Grid details',
    name: 'Name', code: 'Code', worker: 'Grid worker', noWorker: 'None assigned', area: 'Area', community: 'Community',
    problems: 'Grid validation', problemsOk: 'The grids tile the community without overlaps',
    overlap: 'Grids {a} and {b} overlap ({area})', uncovered: 'Uncovered area ({area})',
    outside: 'Grid {id} lies outside the community ({area})', invalid: 'Grid {id} has an invalid boundary: {reason}',
    noBoundary: 'Community {name} has no boundary', legendGrid: 'Grid boundary', legendProblem: 'Problem area (red dashes)',
    gridCount: '{n} grids',
  },
  profile: {
    title: 'Profile', username: 'Username', displayName: 'Name', org: 'Home org unit', grants: 'Role grants',
    changePassword: 'Change password', current: 'Current password', new: 'New password', confirm: 'Confirm new password',
    mismatch: 'The new passwords differ', changed: 'Password changed; your other sessions have ended',
    policy: 'At least 12 characters, not containing your username, not a common password', submit: 'Change password',
  },
  users: {
    title: 'Users', q: 'Username or name', username: 'Username', displayName: 'Name', org: 'Home org unit',
    roles: 'Roles', status: 'Status', active: 'Active', inactive: 'Deactivated', locked: 'Locked',
  },
  audit: {
    title: 'Audit log', username: 'Username', action: 'Action', from: 'From', to: 'To',
    at: 'Time', role: 'Role', object: 'Object', client: 'Client address', retention: 'Kept for {n} days',
  },
  h5: {
    title: 'OneGrid mobile', hello: 'Hello, {name}', can: 'You can:', desktop: 'Open the desktop console',
    perm: {
      self: 'See and edit your profile', org_read: 'See the grid map and org tree', org_write: 'Edit grids and org units',
      org_import: 'Import org units and grid boundaries', user_read: 'See users', user_manage: 'Manage users and grants',
      audit_read: 'Read the audit log',
    },
  },
  errors: {
    unknown: 'The request failed ({code})',
    network: { unreachable: 'Cannot reach the server; check your network' },
    auth: {
      invalid_credentials: 'Wrong username or password',
      account_locked: 'Account locked; try again in {minutes} minutes',
      account_locked_later: 'Account locked; try again later',
      rate_limited: 'Too many attempts; try again in {seconds} seconds',
      rate_limited_later: 'Too many attempts; try again later',
      unauthenticated: 'Please log in',
      forbidden: 'You may not do this',
      wrong_current_password: 'The current password is wrong',
    },
    session: { expired: 'Your session has expired', idle: 'You were idle too long; please log in again', revoked: 'Your session has ended' },
    password: {
      too_short: 'The new password is too short (at least 12 characters)',
      too_long: 'The new password is too long (at most 128 characters)',
      repetitive: 'The new password repeats characters too much',
      common: 'The new password is too common',
      contains_username: 'The new password must not contain your username',
      unchanged: 'The new password must differ from the current one',
    },
    prefs: { invalid_locale: 'Unsupported language', not_your_org: 'You hold no grant on that org unit' },
    store: { unavailable: 'The service is unavailable; try again later', busy: 'The service is busy; try again later' },
    json: { too_long: 'The input is too long', required: 'Fill in the required fields' },
  },
}
export default en
