// An origin as a browser sends it in `Origin`: scheme, host and an optional port, nothing after.
const originPattern = 'https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?'

/** `KINDRED_CORS_ORIGINS`: exact origins separated by commas (spaces around them allowed). */
export const corsOriginsPattern = `^${originPattern}(\\s*,\\s*${originPattern})*$`

/**
 * Splits a `KINDRED_CORS_ORIGINS` value (already matched against `corsOriginsPattern`) into its origins;
 * undefined when one is not spelled as browsers send it (a default port such as `:443`, a port above
 * 65535), because an origin that never matches would fail silently.
 *
 * @example parseCorsOrigins('https://app.example.org, http://localhost:5173') // ['https://app.example.org', 'http://localhost:5173']
 */
export function parseCorsOrigins(value: string | undefined): string[] | undefined {
  if (value === undefined) return []
  const origins = value.split(',').map((entry) => entry.trim())
  const canonical = origins.every((origin) => {
    try {
      return new URL(origin).origin === origin
    } catch {
      return false
    }
  })
  return canonical ? [...new Set(origins)] : undefined
}
