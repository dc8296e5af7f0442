/** The longest an access token lives (RFC 9068 access tokens are short-lived; ours at most 15 minutes). */
export const maxAccessTokenLifetimeSeconds = 15 * 60

/** A hub re-reads the signing keys when its copy is older than this before it signs or serves the JWKS. */
export const keyRefreshSeconds = 30

/** Clock difference tolerated between the hub that signs and the one that verifies. */
export const clockToleranceSeconds = 5

/**
 * How long a retired key stays published: a hub that has not yet noticed the retirement may sign with it
 * for up to `keyRefreshSeconds` more, and such a token lives its full lifetime, with clock tolerance.
 */
export const publishedAfterRetirementSeconds = maxAccessTokenLifetimeSeconds + keyRefreshSeconds + clockToleranceSeconds
