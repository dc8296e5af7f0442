import { randomUUID } from 'node:crypto'
import type { MemberRole } from '@kindred/community'
import texts from '../data/texts.json' with { type: 'json' }

/** One seeded person in one community: a hub account and, once linked, a member of the tenant. */
export interface SeedPerson {
  accountId: string
  email: string
  displayName: string
  pseudonym: string
  role: MemberRole
  joinedAt: Date
  leftAt: Date | null
  countedInStatistics: boolean
}

/** Who a community has, founders first, everyone in the order they joined. */
export interface Roster {
  people: SeedPerson[]
  /** The first `founders` people are the owner and the volunteer moderators, who join when it goes live. */
  founders: number
}

const hour = 3_600_000
// Every 25th member (from the 13th) asked not to be counted in network statistics; about 8 in 100 left again.
const optOutEvery = 25
const leaveShare = 0.08

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T

// Unique in the community by its number; reads like a name people choose.
function pseudonymOf(index: number): string {
  return `${pick(texts.adjectives, index)} ${pick(texts.nouns, Math.floor(index / texts.adjectives.length))} ${index + 1}`
}

function joinTime(liveAt: Date, lastJoin: number, random: () => number): number {
  // Early members come in a wave when the community opens, then more arrive steadily.
  return liveAt.getTime() + (lastJoin - liveAt.getTime()) * random() ** 1.3
}

function leaveTime(joinedAt: number, now: Date, random: () => number): number | null {
  const latest = now.getTime() - hour
  if (random() >= leaveShare || joinedAt + 2 * hour >= latest) return null
  return joinedAt + hour + (latest - joinedAt - hour) * random()
}

/**
 * The people of a seeded community: an owner, up to two volunteer moderators, then members joining between
 * `liveAt` and an hour before `now`, some leaving again and a few opted out of statistics. Emails are
 * `<slug>.<n>@seed.kindred.invalid` (a reserved domain: nothing can be delivered there).
 *
 * @example planRoster({ slug: 'fop', members: 200, liveAt, now }).people.length // 200
 */
export function planRoster(input: { slug: string; members: number; liveAt: Date; now: Date; random?: () => number }): Roster {
  const random = input.random ?? Math.random
  const founders = Math.min(3, input.members)
  const lastJoin = Math.max(input.liveAt.getTime(), input.now.getTime() - hour)
  const joinTimes = Array.from({ length: input.members - founders }, () => joinTime(input.liveAt, lastJoin, random)).sort((a, b) => a - b)
  const people = Array.from({ length: input.members }, (_, index): SeedPerson => {
    const joined = index < founders ? input.liveAt.getTime() : (joinTimes[index - founders] ?? lastJoin)
    const left = index < founders ? null : leaveTime(joined, input.now, random)
    return {
      accountId: randomUUID(),
      email: `${input.slug}.${index + 1}@seed.kindred.invalid`,
      displayName: `${pick(texts.firstNames, index)} ${String.fromCharCode(65 + (index % 26))}.`,
      pseudonym: pseudonymOf(index),
      role: index === 0 ? 'owner' : index < founders ? 'moderator' : 'member',
      joinedAt: new Date(joined),
      leftAt: left === null ? null : new Date(left),
      countedInStatistics: index % optOutEvery !== 12,
    }
  })
  return { people, founders }
}
