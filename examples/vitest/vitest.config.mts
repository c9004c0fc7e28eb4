// Runs only the README's vitest example (this folder), never the jest suites under test/.
// `helpdesk-jwt-receiver` resolves to this package itself (its package.json `exports`), built by
// `npm run build`, exactly as an installed copy would.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite/examples-vitest', import.meta.url)),
  test: { include: ['*.test.ts'], testTimeout: 10_000 },
});
