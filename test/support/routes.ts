import type { FastifyInstance } from 'fastify'

/** A route as a test walks it: its method and its path, with `:param` placeholders left as they are. */
export interface ListedRoute {
  method: string
  path: string
}

// A line of Fastify's printed tree: the branch drawing (four characters a level), a segment of the path, and
// the methods when a route ends there: `│   ├── /moderate (GET, HEAD)`.
const treeLine = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/

/**
 * Every route of `app` whose path starts with `prefix`, read from Fastify's own route tree (it keeps no
 * public list): so a test of "every page of the console" covers the pages added after it was written.
 * HEAD, which Fastify adds beside every GET, is left out.
 *
 * @example for (const { method, path } of routesUnder(hub.app, '/staff')) …
 */
export function routesUnder(app: FastifyInstance, prefix: string): ListedRoute[] {
  const trail: string[] = []
  const routes: ListedRoute[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = treeLine.exec(line)
    if (match === null) continue
    const depth = (match[1] ?? '').length / 4
    trail.length = depth
    trail.push(match[2] ?? '')
    const path = trail.join('')
    if (!path.startsWith(prefix)) continue
    for (const method of (match[3] ?? '').split(', ').filter((one) => one !== '' && one !== 'HEAD')) routes.push({ method, path })
  }
  return routes
}
