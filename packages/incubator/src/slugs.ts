/**
 * A community's address (`https://<slug>.…` or `/c/<slug>`): lower-case letters, digits and hyphens,
 * 3 to 40 long, starting and ending with a letter or digit (the same check as the hub's tables).
 */
export const slugPattern = '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'

/**
 * Slugs no community may take: names of the network's own services and pages, and words that would let a
 * community pass itself off as the network. Compared after lower-casing, so the one list covers them all.
 */
export const reservedSlugs: ReadonlySet<string> = new Set([
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'assets',
  'auth',
  'billing',
  'blog',
  'cdn',
  'community',
  'communities',
  'contact',
  'dashboard',
  'dev',
  'docs',
  'download',
  'email',
  'faq',
  'ftp',
  'help',
  'home',
  'hub',
  'imap',
  'incubator',
  'info',
  'kindred',
  'legal',
  'login',
  'logout',
  'mail',
  'media',
  'moderator',
  'moderators',
  'network',
  'news',
  'official',
  'pop',
  'privacy',
  'proposal',
  'proposals',
  'register',
  'root',
  'security',
  'settings',
  'signin',
  'signup',
  'smtp',
  'staff',
  'static',
  'status',
  'support',
  'system',
  'terms',
  'test',
  'www',
])

const slugExpression = new RegExp(slugPattern)

/**
 * Why `slug` cannot be a community's address, or undefined when it can (availability aside, which depends
 * on the communities and proposals already there).
 *
 * @example slugProblem('fop') // undefined; slugProblem('admin') // 'is reserved'
 */
export function slugProblem(slug: string): string | undefined {
  if (!slugExpression.test(slug)) return 'must be 3 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit'
  if (reservedSlugs.has(slug)) return 'is reserved'
  return undefined
}
