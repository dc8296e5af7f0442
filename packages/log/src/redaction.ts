/**
 * Health data and credentials never reach the logs. These paths are censored wherever they appear in a
 * logged object (pino matches one level of nesting with `*`); request bodies are never logged at all.
 */
const sensitiveKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'email',
  'body',
  'authorization',
  'cookie',
] as const

export const redactedPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...sensitiveKeys.flatMap((key) => [key, `*.${key}`]),
]

/**
 * Removes the values of a URL's query string, keeping the parameter names: a query may carry a token,
 * an email or a search for a diagnosis.
 *
 * @example redactUrl('/v1/search?q=fop&cursor=abc') // '/v1/search?q=[redacted]&cursor=[redacted]'
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart === -1) return url
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${pair.split('=')[0] ?? ''}=[redacted]`)
  return `${url.slice(0, queryStart)}?${names.join('&')}`
}
