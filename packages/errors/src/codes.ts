/**
 * The one registry of error codes that Kindred returns to clients, with the HTTP status each renders as.
 * A code is part of the public API: clients branch on it, so codes are never renamed or reused.
 */
export const errorCodes = {
  KINDRED_BAD_REQUEST: 400,
  KINDRED_VALIDATION_FAILED: 400,
  KINDRED_INVALID_CREDENTIALS: 401,
  KINDRED_SESSION_INVALID: 401,
  KINDRED_UNAUTHORIZED: 401,
  KINDRED_FORBIDDEN: 403,
  KINDRED_NOT_FOUND: 404,
  KINDRED_ROUTE_NOT_FOUND: 404,
  KINDRED_CONFLICT: 409,
  KINDRED_EMAIL_TAKEN: 409,
  KINDRED_PAYLOAD_TOO_LARGE: 413,
  KINDRED_UNSUPPORTED_MEDIA_TYPE: 415,
  KINDRED_RATE_LIMITED: 429,
  KINDRED_INTERNAL: 500,
  KINDRED_OVERLOADED: 503,
  KINDRED_DATABASE_UNAVAILABLE: 503,
  KINDRED_NOT_READY: 503,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof errorCodes
