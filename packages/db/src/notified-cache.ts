import type { NotificationHandlers, NotificationListener } from './notifications.ts'

/** Where a cached value lives: the database that notifies its changes, and its key there. */
export interface CacheKey {
  /** The database (a placement's name) whose LISTEN tells of changes to the value. */
  source: string
  /** What a notification names to forget the value: a member, an account. */
  group: string
  /** One of several values of the group (an account's membership of one community); '' when it has one. */
  item?: string
}

/**
 * Values read from PostgreSQL, kept in memory and forgotten the moment a notification names their group.
 * A notification whose payload is a group forgets that group's values; `*` forgets everything of its source.
 */
export interface NotifiedCache<V> {
  /**
   * The value from memory when nothing was heard of it since it was read; else that of a load of it under
   * way, begun since the last change heard; otherwise `load()`'s, kept when that is safe (and not undefined).
   */
  read(key: CacheKey, load: () => Promise<V>): Promise<V>
  /** Forgets a group at once, for the process that has just changed it and cannot wait for its notification. */
  forget(source: string, group: string): void
  close(): Promise<void>
}

export interface NotifiedCacheOptions {
  /** Opens the LISTEN on a source's channel. */
  listen(source: string, handlers: NotificationHandlers): NotificationListener
  /** How long a value may be used at most, as a backstop; 0 turns the cache off. */
  ttlMs: number
  /** Groups kept at most; the oldest go first. */
  maxGroups: number
}

interface Entry<V> {
  value: V
  expiresAt: number
}

// Per source: its LISTEN, and a count of what it heard (changes and gaps). A value is kept only if the LISTEN
// was in place before it was read and nothing was heard meanwhile: otherwise it may be older than a change
// whose notification came (or went missing) while it was read.
interface Feed {
  listener: NotificationListener
  heard: number
}

const everything = '*'

/**
 * A cache whose values are dropped by PostgreSQL NOTIFY, which a trigger sends at commit, whoever made
 * the change; every value of a source when its LISTEN connection drops. `ttlMs` bounds a value's life as a
 * backstop. Values that are `undefined` (nothing found) are never kept.
 *
 * @example
 * const members = createNotifiedCache<Member>({ listen: (placement, handlers) => placements.listen(placement, channel, handlers), ttlMs: 60_000, maxGroups: 100_000 })
 * const member = await members.read({ source: 'default', group: `${schema} ${memberId}` }, () => findMember(memberId))
 */
export function createNotifiedCache<V>(options: NotifiedCacheOptions): NotifiedCache<V> {
  const groups = new Map<string, Map<string, Entry<V>>>()
  // Loads under way, which a read of the same value joins rather than sending the same query again: many
  // requests for one member at once (after a change dropped it) make one read. A change heard, or forgotten
  // here, takes its group's loads out too, so no read begun after a change waits on one begun before it.
  const loading = new Map<string, Map<string, Promise<V>>>()
  const feeds = new Map<string, Feed>()
  const groupKey = (source: string, group: string): string => `${source} ${group}`

  const forgetGroup = (key: string): void => {
    groups.delete(key)
    loading.delete(key)
  }
  const forgetSource = (source: string): void => {
    for (const key of [...groups.keys(), ...loading.keys()]) if (key.startsWith(`${source} `)) forgetGroup(key)
  }
  const feedOf = (source: string): Feed => {
    const known = feeds.get(source)
    if (known !== undefined) return known
    const feed: Feed = {
      heard: 0,
      listener: options.listen(source, {
        message: (payload) => {
          feed.heard += 1
          if (payload === everything) forgetSource(source)
          else forgetGroup(groupKey(source, payload))
        },
        gap: () => {
          feed.heard += 1
          forgetSource(source)
        },
      }),
    }
    feeds.set(source, feed)
    return feed
  }
  const remember = (key: string, item: string, value: V): void => {
    let entries = groups.get(key)
    if (entries === undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (groups.size >= options.maxGroups) groups.delete(groups.keys().next().value ?? '')
      entries = new Map()
      groups.set(key, entries)
    }
    entries.set(item, { value, expiresAt: Date.now() + options.ttlMs })
  }

  return {
    read: async ({ source, group, item = '' }, load) => {
      if (options.ttlMs === 0) return load()
      const key = groupKey(source, group)
      const entry = groups.get(key)?.get(item)
      if (entry !== undefined && entry.expiresAt > Date.now()) return entry.value
      const underWay = loading.get(key)?.get(item)
      if (underWay !== undefined) return underWay
      const feed = feedOf(source)
      const heardBefore = feed.heard
      const listenedThroughout = feed.listener.listening()
      const loads = loading.get(key) ?? new Map<string, Promise<V>>()
      loading.set(key, loads)
      const pending = (async () => load())()
      loads.set(item, pending)
      try {
        const value = await pending
        // Still its group's load: no change was heard, nor forgotten here, while it ran.
        const current = loading.get(key)?.get(item) === pending
        if (value !== undefined && listenedThroughout && feed.heard === heardBefore && current) remember(key, item, value)
        return value
      } finally {
        if (loads.get(item) === pending) loads.delete(item)
        if (loads.size === 0 && loading.get(key) === loads) loading.delete(key)
      }
    },
    forget: (source, group) => {
      forgetGroup(groupKey(source, group))
    },
    close: async () => {
      groups.clear()
      loading.clear()
      await Promise.all([...feeds.values()].map((feed) => feed.listener.close()))
      feeds.clear()
    },
  }
}
