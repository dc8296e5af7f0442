import pg from 'pg'
import type { Logger } from '@kindred/log'

/** What a listener is told: each notification's payload, and when some may have been missed. */
export interface NotificationHandlers {
  message(payload: string): void
  /** The connection was lost (or is being re-established): notifications in between are gone. */
  gap(): void
}

/** A LISTEN on one database's channel, kept up by reconnecting. */
export interface NotificationListener {
  /** True only while a LISTEN is in place: anything read before it cannot rely on being told of changes. */
  listening(): boolean
  close(): Promise<void>
}

const reconnectDelayMs = { first: 100, max: 5_000 }

// Ends a connection we no longer listen on; an error it still emits while ending must not go unhandled.
async function discard(client: pg.Client | undefined): Promise<void> {
  if (client === undefined) return
  client.removeAllListeners()
  client.on('error', () => undefined)
  await client.end().catch(() => undefined)
}

/**
 * Holds one connection to `url` listening on `channel`, reconnecting with backoff when it drops; every
 * drop is a `gap`. The connection's URL never reaches the logs (it carries a password).
 *
 * @example const listener = listenForNotifications({ url, channel: 'kindred_member_changes', applicationName, logger }, { message, gap })
 */
export function listenForNotifications(
  options: { url: string; channel: string; applicationName: string; logger: Logger },
  handlers: NotificationHandlers,
): NotificationListener {
  let client: pg.Client | undefined
  let listening = false
  let closed = false
  let delay = reconnectDelayMs.first
  let retry: NodeJS.Timeout | undefined

  const lost = (error?: Error): void => {
    if (listening || client !== undefined) handlers.gap()
    listening = false
    void discard(client)
    client = undefined
    if (closed) return
    if (error !== undefined)
      options.logger.warn({ error: { message: error.message }, channel: options.channel }, 'notification connection lost')
    retry = setTimeout(() => void connect(), delay)
    delay = Math.min(delay * 2, reconnectDelayMs.max)
  }

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url, application_name: options.applicationName })
    client = next
    next.on('error', lost)
    next.on('end', () => client === next && lost())
    next.on('notification', (notification) => handlers.message(notification.payload ?? ''))
    try {
      await next.connect()
      await next.query(`listen ${pg.escapeIdentifier(options.channel)}`)
      if (client !== next) return
      listening = true
      delay = reconnectDelayMs.first
    } catch (error) {
      if (client === next) lost(error as Error)
    }
  }

  void connect()
  return {
    listening: () => listening,
    close: async () => {
      closed = true
      clearTimeout(retry)
      listening = false
      const open = client
      client = undefined
      await discard(open)
    },
  }
}

/** One LISTEN connection that any number of subscribers share. */
export interface SharedListener {
  /** Tells `handlers` of every notification and gap from now on, until its listener is closed. */
  subscribe(handlers: NotificationHandlers): NotificationListener
  close(): Promise<void>
}

/**
 * Shares the listener `open` makes among subscribers, opening it with the first and closing it with the
 * last: caches of one process that hear the same channel hold one connection between them.
 *
 * @example const hubChanges = shareListener((handlers) => listenForNotifications(options, handlers)); hubChanges.subscribe({ message, gap })
 */
export function shareListener(open: (handlers: NotificationHandlers) => NotificationListener): SharedListener {
  const subscribers = new Set<NotificationHandlers>()
  let listener: NotificationListener | undefined
  const everyone: NotificationHandlers = {
    message: (payload) => {
      for (const subscriber of subscribers) subscriber.message(payload)
    },
    gap: () => {
      for (const subscriber of subscribers) subscriber.gap()
    },
  }
  return {
    subscribe: (handlers) => {
      subscribers.add(handlers)
      const shared = (listener ??= open(everyone))
      return {
        listening: () => subscribers.has(handlers) && shared.listening(),
        close: async () => {
          subscribers.delete(handlers)
          if (subscribers.size > 0 || listener !== shared) return
          listener = undefined
          await shared.close()
        },
      }
    },
    close: async () => {
      subscribers.clear()
      const open = listener
      listener = undefined
      await open?.close()
    },
  }
}
