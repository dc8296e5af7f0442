/**
 * Health data and credentials never reach the logs. A value under one of these keys is censored wherever
 * it appears in a logged object, down to `censoredDepth` levels; request bodies are never logged at all.
 */
const sensitiveKeys = new Set([
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'masterKey',
  'privateKey',
  'privateKeyPem',
  'email',
  'body',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
])

const censoredDepth = 5
const censored = '[redacted]'

type LogObject = Record<string, unknown>

// Only plain data (object literals, parsed JSON, query rows) is scanned and copied. Instances of classes
// are left whole: a `{ ...spread }` copy would drop the getters on their prototype, and Fastify's request
// and reply (logged under `req` and `res`) read `url`, `method` and `statusCode` through such getters;
// their serializers keep only safe fields. Errors, buffers and dates are class instances too.
const isPlainObject = (value: unknown): value is LogObject => {
  if (value === null || typeof value !== 'object') return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * Returns the object with every sensitive key's value replaced by `[redacted]`, copying only the parts
 * that change. Used as pino's `formatters.log`: pino's own wildcard `redact` paths cover the same ground
 * at about a ninth of the speed, a cost paid on every log line (see docs/decisions.md).
 *
 * @example censorSensitive({ user: { email: 'a@b.c', id: 1 } }) // { user: { email: '[redacted]', id: 1 } }
 */
export function censorSensitive<T extends LogObject>(object: T, depth = censoredDepth): T {
  let copy: LogObject | undefined
  for (const key in object) {
    const value = object[key]
    let replacement: unknown = value
    if (sensitiveKeys.has(key)) replacement = censored
    else if (depth > 1 && Array.isArray(value)) replacement = censorArray(value, depth - 1)
    else if (depth > 1 && isPlainObject(value)) replacement = censorSensitive(value, depth - 1)
    if (replacement !== value) (copy ??= { ...object })[key] = replacement
  }
  return (copy ?? object) as T
}

function censorArray(values: unknown[], depth: number): unknown[] {
  const censoredValues = values.map((value) => (isPlainObject(value) ? censorSensitive(value, depth) : value))
  return censoredValues.some((value, index) => value !== values[index]) ? censoredValues : values
}

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
    .map((pair) => `${pair.split('=')[0] ?? ''}=${censored}`)
  return `${url.slice(0, queryStart)}?${names.join('&')}`
}
