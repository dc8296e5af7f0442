import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ownDirectory = path.join(import.meta.dirname, 'assets')
// htmx, served by us like our own files: no page asks anything of another origin.
const htmxDirectory = path.dirname(fileURLToPath(import.meta.resolve('htmx.org/dist/htmx.min.js')))

/** The site's stylesheet and scripts, each in the folder it is served from under `/assets/`. */
const assets = new Map([
  ['site.css', ownDirectory],
  ['htmx.min.js', htmxDirectory],
])

/** The folders `/assets/` serves from; only the files `isAsset` names are served. */
export const assetRoots = [...new Set(assets.values())]

/** Whether `/assets/<name>` is one of the site's assets: nothing else of those folders is served. */
export const isAsset = (name: string): boolean => assets.has(name)

// Each asset's address carries a digest of its content, so browsers keep it for a year and fetch it again
// only when it changes: a later visit costs the HTML alone.
const versions = new Map(
  [...assets].map(([name, directory]) => [
    name,
    createHash('sha256')
      .update(readFileSync(path.join(directory, name)))
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
  if (version === undefined) throw new Error(`No asset named ${name}`)
  return `/assets/${name}?v=${version}`
}
