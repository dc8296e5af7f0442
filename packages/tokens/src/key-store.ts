import { createPublicKey } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase, PublicJwk } from '@kindred/db'
import { keyRefreshSeconds } from './lifetimes.ts'
import { loadSigningKeys, type CurrentKey, type PublishedKey } from './signing-keys.ts'

export interface KeyStoreOptions {
  db: Kysely<HubDatabase>
  masterKey: Buffer
  /** A token with an unknown kid reloads the keys at most this often (a key rotated by another process). */
  unknownKidReloadIntervalMs: number
}

export interface KeyStore {
  /** The key to sign with now, re-read first when this copy is older than `keyRefreshSeconds`. */
  currentKey(): Promise<CurrentKey>
  /** The SPKI PEM of a published key, or undefined when no published key has this id. */
  publicKeyPem(kid: string): Promise<string | undefined>
  published(): Promise<PublishedKey[]>
  reload(): Promise<void>
}

interface Snapshot {
  loadedAt: number
  published: PublishedKey[]
  publicKeys: Map<string, string>
  current: CurrentKey
}

const pemOf = (jwk: PublicJwk): string =>
  createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })
    .export({ format: 'pem', type: 'spki' })
    .toString()

/**
 * The hub's signing keys, read from the database and kept in memory. Hubs behind a load balancer share
 * the table: each notices a rotation made elsewhere when its copy grows stale or a token names a kid it
 * does not know (rate-limited, so forged kids cannot turn every request into a query).
 */
export async function createKeyStore(options: KeyStoreOptions): Promise<KeyStore> {
  let loading: Promise<Snapshot> | undefined

  const load = async (): Promise<Snapshot> => {
    const { published, current } = await loadSigningKeys(options.db, options.masterKey)
    if (current === undefined) throw new Error('There is no current signing key: run `npm run kindred -- keys:rotate`')
    return { loadedAt: Date.now(), published, publicKeys: new Map(published.map((key) => [key.kid, pemOf(key.jwk)])), current }
  }

  let snapshot = await load()
  // Concurrent callers share one query.
  const reload = async (): Promise<Snapshot> => {
    loading ??= load().finally(() => (loading = undefined))
    snapshot = await loading
    return snapshot
  }

  const fresh = async (): Promise<Snapshot> => (Date.now() - snapshot.loadedAt > keyRefreshSeconds * 1000 ? reload() : snapshot)

  return {
    currentKey: async () => (await fresh()).current,
    published: async () => (await fresh()).published,
    async publicKeyPem(kid) {
      const known = snapshot.publicKeys.get(kid)
      if (known !== undefined || Date.now() - snapshot.loadedAt < options.unknownKidReloadIntervalMs) return known
      return (await reload()).publicKeys.get(kid)
    },
    async reload() {
      await reload()
    },
  }
}
