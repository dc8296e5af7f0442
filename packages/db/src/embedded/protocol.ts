/** Messages between a Kindred process and the embedded PostgreSQL host it forked. */
export interface HostOptions {
  dataDir: string
  port: number
  postgresFlags: string[]
}

export type HostMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'log'; line: string }
  /** The supervisor restarted, or tried to restart, a server that stopped unexpectedly. */
  | { type: 'event'; event: string }
  /** Asked to stop while other processes still use the server: it runs on until they are done. */
  | { type: 'kept' }

export type ParentMessage = { type: 'stop' }
