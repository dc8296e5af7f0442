import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import t from 'tap'

t.test('the fast-jwt this package resolves is 6.3.1 or later (earlier versions have cache and claim advisories)', async (t) => {
  const manifest = createRequire(new URL('../src/index.ts', import.meta.url)).resolve('fast-jwt/package.json')
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string }
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10))
  t.ok(major > 6 || (major === 6 && (minor > 3 || (minor === 3 && patch >= 1))), `fast-jwt ${version}`)
})
