/** At most `max` requests (or, for the sign-in failure limits, failures) in a fixed window of `windowMs`. */
export interface RateLimit {
  max: number
  windowMs: number
}

/**
 * Each family of limits and the variable that sets it. A family is one budget: the routes of a family
 * count against it together (changing the password and erasing the account both check the password).
 */
export const rateLimitVariables = {
  registerPerAddress: 'KINDRED_LIMIT_REGISTER_PER_ADDRESS',
  loginPerAddress: 'KINDRED_LIMIT_LOGIN_PER_ADDRESS',
  loginFailuresPerAccountAddress: 'KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS',
  loginFailuresPerAccount: 'KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT',
  refreshPerAddress: 'KINDRED_LIMIT_REFRESH_PER_ADDRESS',
  passwordResetPerAddress: 'KINDRED_LIMIT_PASSWORD_RESET_PER_ADDRESS',
  passwordResetPerEmail: 'KINDRED_LIMIT_PASSWORD_RESET_PER_EMAIL',
  passwordCheckPerAddress: 'KINDRED_LIMIT_PASSWORD_CHECK_PER_ADDRESS',
  passwordCheckPerAccount: 'KINDRED_LIMIT_PASSWORD_CHECK_PER_ACCOUNT',
  verificationMailPerAccount: 'KINDRED_LIMIT_VERIFICATION_MAIL_PER_ACCOUNT',
  joinPerAddress: 'KINDRED_LIMIT_JOIN_PER_ADDRESS',
  proposalsPerAccount: 'KINDRED_LIMIT_PROPOSALS_PER_ACCOUNT',
  threadsPerMember: 'KINDRED_LIMIT_THREADS_PER_MEMBER',
  postsPerMember: 'KINDRED_LIMIT_POSTS_PER_MEMBER',
  reactionsPerMember: 'KINDRED_LIMIT_REACTIONS_PER_MEMBER',
  messagesPerMember: 'KINDRED_LIMIT_MESSAGES_PER_MEMBER',
  moderationPerMember: 'KINDRED_LIMIT_MODERATION_PER_MEMBER',
  reportsPerMember: 'KINDRED_LIMIT_REPORTS_PER_MEMBER',
} as const

export type RateLimitFamily = keyof typeof rateLimitVariables
export type RateLimits = Record<RateLimitFamily, RateLimit>

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/**
 * The environment schema of one family's variable: `count/window`, a whole count from 1 and a window of
 * seconds, minutes, hours or days (`10/1h`, `30/15m`), checked by pattern so a mistake is one line.
 */
export function rateLimitSchema(defaultValue: string, counted: string) {
  return {
    type: 'string',
    pattern: '^[1-9][0-9]{0,6}/[1-9][0-9]{0,3}[smhd]$',
    default: defaultValue,
    description: `count/window such as ${defaultValue} (a count from 1, a window in s, m, h or d): ${counted}`,
  } as const
}

/**
 * Reads a `count/window` value already matched by the pattern of `rateLimitSchema`.
 *
 * @example parseRateLimit('10/1h') // { max: 10, windowMs: 3_600_000 }
 */
export function parseRateLimit(value: string): RateLimit {
  const [count = '', window = ''] = value.split('/')
  return { max: Number(count), windowMs: Number(window.slice(0, -1)) * unitMs[window.slice(-1) as keyof typeof unitMs] }
}
