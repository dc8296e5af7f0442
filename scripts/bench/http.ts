import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

// Each connection of a rotation starts at its own share of it (see the module). In workers mode autocannon
// takes the module's path, which its types (the function form only) do not know.
const staggerClient = fileURLToPath(new URL('./stagger-client.cts', import.meta.url)) as unknown as (client: autocannon.Client) => void

export interface LoadOptions {
  connections: number
  durationSeconds: number
}

/** What each request of a load sends, when it is more than a GET of the URL. */
export interface LoadRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  headers?: Record<string, string>
  body?: string
}

/** One request of a rotation: each connection sends them in turn, over and over. */
export interface RotatedRequest extends LoadRequest {
  path: string
}

/**
 * A URL to load, with what to send; `requests` (paths on the URL's origin) replace the single request, to
 * spread the load over many members or communities without a request-building function (which
 * autocannon cannot hand to its worker thread).
 */
export type LoadTarget = string | ({ url: string; requests?: RotatedRequest[] } & LoadRequest)

export interface ComparisonOptions extends LoadOptions {
  rounds: number
  warmupSeconds: number
  /** Called after each measured round, to show progress during a long run. */
  onRound?: (target: string, round: number, measurement: HttpMeasurement) => void
}

export interface HttpMeasurement {
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
}

/**
 * Loads `url` with autocannon for `durationSeconds` and returns its throughput and latency.
 *
 * @throws when any request failed or answered other than 2xx: the figures would describe the failure.
 */
export async function measureHttp(target: LoadTarget, options: LoadOptions): Promise<HttpMeasurement> {
  const { url, ...request } = typeof target === 'string' ? { url: target } : target
  const result = await autocannon({
    url,
    ...request,
    ...(request.requests === undefined ? {} : { setupClient: staggerClient }),
    connections: options.connections,
    duration: options.durationSeconds,
    // The load generator runs on a thread of its own: on the server's thread it would compete with the
    // server for the event loop and hide part of the server's cost.
    workers: 1,
  })
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} failed requests and ${result.non2xx} non-2xx responses under load`)
  }
  return { requestsPerSecond: result.requests.average, latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99 }
}

/**
 * Measures every target once to warm it up, then takes `rounds` measurements of each, interleaved
 * (a, b, a, b, ...) so that machine noise hits all targets alike, and returns each one's median round.
 */
export async function compareHttp<Target extends string>(
  urls: Record<Target, LoadTarget>,
  options: ComparisonOptions,
): Promise<Record<Target, HttpMeasurement>> {
  const targets = Object.keys(urls) as Target[]
  for (const target of targets) await measureHttp(urls[target], { ...options, durationSeconds: options.warmupSeconds })
  const measured: Array<{ target: Target; measurement: HttpMeasurement }> = []
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of targets) {
      const measurement = await measureHttp(urls[target], options)
      measured.push({ target, measurement })
      options.onRound?.(target, round, measurement)
    }
  }
  const medianOfTarget = (target: Target): HttpMeasurement =>
    medianOf(measured.filter((entry) => entry.target === target).map((entry) => entry.measurement))
  return Object.fromEntries(targets.map((target) => [target, medianOfTarget(target)])) as Record<Target, HttpMeasurement>
}

function medianOf(measurements: HttpMeasurement[]): HttpMeasurement {
  return {
    requestsPerSecond: median(measurements.map((m) => m.requestsPerSecond)),
    latencyP50Ms: median(measurements.map((m) => m.latencyP50Ms)),
    latencyP99Ms: median(measurements.map((m) => m.latencyP99Ms)),
  }
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2
}
