import { defineConfig } from 'vitest/config'

export default defineConfig({
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
