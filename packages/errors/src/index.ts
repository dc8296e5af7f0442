export { KindredError, isKindredError } from './kindred-error.ts'
export { errorCodes, type ErrorCode } from './codes.ts'
export { rateLimited } from './rate-limited.ts'
