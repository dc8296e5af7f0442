import { Type } from 'typebox'
import type { PublicStatistics } from '@kindred/statistics'
import { strictObject } from '../typebox.ts'
import { directoryCursor } from '../communities/schemas.ts'
import { pagedQuery } from '../pagination.ts'

const day = Type.String({ format: 'date', description: 'A UTC calendar day' })
const period = strictObject({ from: day, to: day }, { description: 'Both days included' })

/** A published count: its exact value, or suppressed (never a number). */
export const publishedCount = Type.Union(
  [strictObject({ value: Type.Integer({ minimum: 0 }) }), strictObject({ suppressed: Type.Literal(true) })],
  { description: 'Either {"value": n} or {"suppressed": true}, per the rule stated with the figures' },
)

const latestDayFigures = strictObject(
  { members: publishedCount, activeMembers30d: publishedCount, threads: publishedCount },
  {
    description:
      'Members at the end of the day; members who posted, replied or reacted in the 30 days ending that day; threads opened that day',
  },
)

const twelveMonthFigures = strictObject(
  { membersJoined: publishedCount, threads: publishedCount },
  { description: 'Members who joined and threads opened in the period' },
)

const communityFigures = strictObject({
  slug: Type.String(),
  name: Type.String(),
  latestDay: Type.Union([latestDayFigures, Type.Null()], { description: 'Null until the community has figures for the latest day' }),
  last12Months: Type.Union([twelveMonthFigures, Type.Null()], { description: 'Null until the community has figures in the period' }),
})

export const publicStatisticsSchema = strictObject({
  rule: Type.String({ description: 'The suppression rule applied to every count, in words' }),
  threshold: Type.Integer({ minimum: 1, description: 'Counts from 1 up to this are suppressed' }),
  lastAggregatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When latestDay was published' }),
  latestDay: Type.Union([day, Type.Null()], {
    description: 'The latest published day: once published, a day and its figures never change',
  }),
  last12Months: Type.Union([period, Type.Null()], { description: 'The 365 days ending with latestDay' }),
  network: strictObject(
    {
      communities: Type.Integer({ minimum: 0, description: 'Communities of the published day' }),
      latestDay: latestDayFigures,
      last12Months: twelveMonthFigures,
    },
    { description: 'Sums of the communities listed, suppressed by the same rule' },
  ),
  communities: Type.Array(communityFigures, {
    description:
      'Communities of the published day (those live when it was published), by slug, a page at a time; the totals above are the whole network’s on every page',
  }),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next page of communities; null on the last page',
  }),
})

/** Pages of the communities' figures: the last slug of the previous page, as the community directory's cursor. */
export const publicStatisticsQuery = pagedQuery({
  cursor: Type.Optional(directoryCursor),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
})

// By slug in code point order, whatever the database's collation, so that `slug > cursor` starts the next
// page where the last one ended; sorted once per answer of the statistics cache.
const sortedCommunities = new WeakMap<PublicStatistics, PublicStatistics['communities']>()
function bySlug(statistics: PublicStatistics): PublicStatistics['communities'] {
  let sorted = sortedCommunities.get(statistics)
  if (sorted === undefined) {
    sorted = statistics.communities.toSorted((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    sortedCommunities.set(statistics, sorted)
  }
  return sorted
}

/** One page of the answer as JSON: the network's figures, the communities after `cursor`, dates as ISO strings. */
export function publicStatisticsView(statistics: PublicStatistics, page: { cursor?: string | undefined; limit: number }) {
  const { cursor } = page
  const after = cursor === undefined ? bySlug(statistics) : bySlug(statistics).filter((community) => community.slug > cursor)
  const communities = after.slice(0, page.limit)
  const next = after.length > page.limit ? (communities.at(-1)?.slug ?? null) : null
  return { ...statistics, lastAggregatedAt: statistics.lastAggregatedAt?.toISOString() ?? null, communities, next }
}
