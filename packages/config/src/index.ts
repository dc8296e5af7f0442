export { loadConfig, ConfigError, type Config } from './load-config.ts'
export { loadProcessConfig } from './load-process-config.ts'
export { environmentSchema } from './environment-schema.ts'
