// 简体中文 (default locale).
export default {
  app: { title: '一网统管', subtitle: '社区治理综合平台', skip: '跳到主要内容' },
  menu: {
    home: '首页', map: '网格地图', org: '组织架构', users: '用户管理', audit: '审计日志',
    profile: '个人中心', logout: '退出登录', h5: '移动版', more: '更多功能请关闭适老化模式',
  },
  common: {
    loading: '加载中…', empty: '暂无数据', retry: '重试', search: '查询', reset: '重置',
    loadMore: '加载更多', save: '保存', yes: '是', no: '否', error: '出错了', close: '关闭',
  },
  header: {
    language: '语言', elder: '适老化模式', elderOn: '已开启适老化模式', org: '当前组织',
    readAloud: '朗读本页', stopReading: '停止朗读', menuToggle: '菜单',
  },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', submitting: '登录中…',
    usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
    expired: '登录已过期，请重新登录', loggedOut: '您已退出登录', demoHint: '演示账号密码：onegrid-demo',
  },
  map: {
    title: '网格地图', tree: '组织架构', grids: '网格', noGrids: '您的管辖范围内没有网格',
    selectHint: '点击地图上的网格或在组织架构中选择网格查看详情', panel: '网格详情',
    name: '名称', code: '编码', worker: '网格员', noWorker: '未配备', area: '面积', community: '所属社区',
    problems: '网格校验', problemsOk: '网格完整覆盖社区，无重叠', overlap: '网格重叠 {a} 与 {b}（{area}）',
    uncovered: '未覆盖区域（{area}）', outside: '网格超出社区边界 {id}（{area}）', invalid: '网格边界无效 {id}：{reason}',
    noBoundary: '社区 {name} 没有边界', legendGrid: '网格边界', legendProblem: '问题区域（红色虚线）',
    gridCount: '共 {n} 个网格',
  },
  profile: {
    title: '个人中心', username: '用户名', displayName: '姓名', org: '所属组织', grants: '角色授权',
    changePassword: '修改密码', current: '当前密码', new: '新密码', confirm: '确认新密码',
    mismatch: '两次输入的新密码不一致', changed: '密码已修改，其他设备上的登录已失效',
    policy: '至少 12 个字符，不能包含用户名，不能是常见密码', submit: '修改密码',
  },
  users: {
    title: '用户管理', q: '用户名或姓名', username: '用户名', displayName: '姓名', org: '所属组织',
    roles: '角色', status: '状态', active: '正常', inactive: '已停用', locked: '已锁定',
  },
  audit: {
    title: '审计日志', username: '用户名', action: '操作', from: '开始日期', to: '结束日期',
    at: '时间', role: '角色', object: '对象', client: '来源地址', retention: '日志保留 {n} 天',
  },
  h5: {
    title: '一网统管 移动版', hello: '{name}，您好', can: '您可以：', desktop: '打开电脑版',
    perm: {
      self: '查看和修改个人信息', 'org_read': '查看网格地图与组织架构', org_write: '编辑网格和组织',
      org_import: '导入组织与网格边界', user_read: '查看用户', user_manage: '管理用户和授权',
      audit_read: '查看审计日志',
    },
  },
  errors: {
    unknown: '操作失败（{code}）',
    network: { unreachable: '无法连接服务器，请检查网络' },
    auth: {
      invalid_credentials: '用户名或密码错误',
      account_locked: '账户已锁定，请{minutes}分钟后再试',
      account_locked_later: '账户已锁定，请稍后再试',
      rate_limited: '尝试过于频繁，请{seconds}秒后再试',
      rate_limited_later: '尝试过于频繁，请稍后再试',
      unauthenticated: '请先登录',
      forbidden: '您没有执行此操作的权限',
      wrong_current_password: '当前密码错误',
    },
    session: { expired: '登录已过期，请重新登录', idle: '长时间未操作，请重新登录', revoked: '登录已失效，请重新登录' },
    password: {
      too_short: '新密码太短，至少需要 12 个字符',
      too_long: '新密码太长，最多 128 个字符',
      repetitive: '新密码重复字符过多',
      common: '新密码过于常见，请换一个',
      contains_username: '新密码不能包含用户名',
      unchanged: '新密码不能与当前密码相同',
    },
    prefs: { invalid_locale: '不支持的语言', not_your_org: '您在该组织没有授权' },
    store: { unavailable: '服务暂不可用，请稍后再试', busy: '服务繁忙，请稍后再试' },
    json: { too_long: '输入内容过长', required: '请填写必填项' },
  },
}
