import t from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'

t.test('without KINDRED_CORS_ORIGINS, no origin is allowed', async (t) => {
  t.same(loadConfig({}).http.corsOrigins, [])
})

t.test('origins are exact scheme, host and port, separated by commas', async (t) => {
  const { http } = loadConfig({ KINDRED_CORS_ORIGINS: 'https://app.example.org, http://localhost:5173,https://[::1]:8443' })
  t.same(http.corsOrigins, ['https://app.example.org', 'http://localhost:5173', 'https://[::1]:8443'])
  t.same(
    loadConfig({ KINDRED_CORS_ORIGINS: 'https://app.example.org,https://app.example.org' }).http.corsOrigins,
    ['https://app.example.org'],
    'once each',
  )
})

t.test('a wildcard, a path, a missing scheme or a spelling browsers never send is refused in one line', async (t) => {
  const wrong = [
    '*',
    'https://*.example.org',
    'https://app.example.org/',
    'https://app.example.org/api',
    'app.example.org',
    'ftp://app.example.org',
    'https://App.Example.org',
    'https://app.example.org:443',
    'http://localhost:99999',
    'https://user@app.example.org',
    'https://app.example.org?x=1',
    'https://app.example.org,',
    'null',
  ]
  for (const value of wrong) {
    const error = t.throws(() => loadConfig({ KINDRED_CORS_ORIGINS: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.match(error, { message: /^Invalid configuration: KINDRED_CORS_ORIGINS must be comma-separated origins/ }, value)
  }
})
