import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** Where the site's stylesheet and scripts are, served under `/assets/` from this process only. */
export const assetsDirectory = path.join(import.meta.dirname, 'assets')

// Each asset's address carries a digest of its content, so browsers keep it for a year and fetch it again
// only when it changes: a later visit costs the HTML alone.
const versions = new Map(
  readdirSync(assetsDirectory).map((name) => [
    name,
    createHash('sha256')
      .update(readFileSync(path.join(assetsDirectory, name)))
      .digest('base64url')
      .slice(0, 12),
  ]),
)

/**
 * The address of an asset, with the digest of its content.
 *
 * @example assetUrl('site.css') // '/assets/site.css?v=Xq3…'
 */
export function assetUrl(name: string): string {
  const version = versions.get(name)
  if (version === undefined) throw new Error(`No asset named ${name} in ${assetsDirectory}`)
  return `/assets/${name}?v=${version}`
}
