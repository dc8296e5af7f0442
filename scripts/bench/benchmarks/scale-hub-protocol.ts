/** Messages between the scale benchmark and the hub process it forks (scale-hub.ts). */
export type HubChildMessage = { type: 'ready'; url: string } | { type: 'memory'; memory: NodeJS.MemoryUsage }

export type HubParentMessage = { type: 'memory' } | { type: 'stop' }

/** The hub's pool in pg_stat_activity; its placement pools are `kindred-hub:<placement>`, as in `npm start`. */
export const hubApplicationName = 'kindred-hub'
