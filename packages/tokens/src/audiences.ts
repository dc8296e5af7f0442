import { KindredError } from '@kindred/errors'

/** The audience of tokens for the hub's own API. */
export const hubAudience = 'kindred:hub'

const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

/**
 * Every audience a Kindred token may carry: the hub, or one community. Looser than a slug on purpose: it
 * only pre-filters (fast-jwt warns about nested quantifiers), and verification then compares the
 * audience exactly with the one the caller expects.
 */
export const kindredAudiencePattern = /^kindred:(?:hub|community:[a-z0-9-]{1,64})$/

/**
 * The audience of tokens for one community's API.
 *
 * @example communityAudience('fop') // 'kindred:community:fop'
 */
export function communityAudience(slug: string): string {
  if (!slugPattern.test(slug)) throw new KindredError('KINDRED_BAD_REQUEST', 'A community slug is lower-case letters, digits and hyphens')
  return `kindred:community:${slug}`
}
