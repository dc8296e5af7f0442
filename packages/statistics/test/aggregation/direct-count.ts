// The figures of a day computed the obvious way, one day at a time, from what a test inserted: the
// reference the set-based SQL is checked against.

const dayMs = 86_400_000

export interface SeedMember {
  id: string
  joinedAt: Date
  leftAt: Date | null
  bannedAt: Date | null
  approved: boolean
  counted: boolean
}

export interface SeedPost {
  id: string
  threadId: string
  authorId: string
  at: Date
  opening: boolean
}

export interface SeedThread {
  id: string
  authorId: string
  at: Date
}

export interface Seed {
  members: SeedMember[]
  threads: SeedThread[]
  posts: SeedPost[]
  reactions: Array<{ postId: string; memberId: string; at: Date }>
  reports: Array<{ at: Date; resolvedAt: Date | null }>
}

const within = (at: Date, start: number, end: number): boolean => at.getTime() >= start && at.getTime() < end

function departure(member: SeedMember): number {
  const moments = [member.leftAt, member.bannedAt].filter((at) => at !== null).map((at) => at.getTime())
  return moments.length === 0 ? Infinity : Math.min(...moments)
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2)
}

function activeMembers(seed: Seed, end: number, days: number): number {
  const counted = new Set(seed.members.filter((member) => member.counted).map((member) => member.id))
  const acts = [...seed.posts.map((post) => ({ memberId: post.authorId, at: post.at })), ...seed.reactions]
  return new Set(acts.filter((act) => counted.has(act.memberId) && within(act.at, end - days * dayMs, end)).map((act) => act.memberId)).size
}

function firstReplies(seed: Seed, start: number, end: number): number[] {
  const seconds: number[] = []
  for (const thread of seed.threads.filter((candidate) => within(candidate.at, start, end))) {
    const answers = seed.posts
      .filter((post) => post.threadId === thread.id && post.authorId !== thread.authorId)
      .map((post) => post.at.getTime() - thread.at.getTime())
      .filter((ms) => ms >= 0 && ms <= dayMs)
    if (answers.length > 0) seconds.push(Math.round(Math.min(...answers) / 1000))
  }
  return seconds.sort((a, b) => a - b)
}

/** The figures of `day` (`YYYY-MM-DD`), as community_daily_stats should hold them. */
export function directCount(seed: Seed, day: string): Record<string, unknown> {
  const start = Date.parse(`${day}T00:00:00Z`)
  const end = start + dayMs
  const approved = seed.members.filter((member) => member.approved)
  const replies = firstReplies(seed, start, end)
  return {
    day,
    members_total: approved.filter((member) => member.joinedAt.getTime() < end && departure(member) >= end).length,
    members_joined: approved.filter((member) => within(member.joinedAt, start, end)).length,
    members_left: approved.filter((member) => departure(member) >= start && departure(member) < end).length,
    active_members_7d: activeMembers(seed, end, 7),
    active_members_30d: activeMembers(seed, end, 30),
    threads: seed.threads.filter((thread) => within(thread.at, start, end)).length,
    replies: seed.posts.filter((post) => !post.opening && within(post.at, start, end)).length,
    reactions: seed.reactions.filter((reaction) => within(reaction.at, start, end)).length,
    open_reports: seed.reports.filter(
      (report) => report.at.getTime() < end && (report.resolvedAt === null || report.resolvedAt.getTime() >= end),
    ).length,
    threads_answered_24h: replies.length,
    first_reply_seconds: replies,
    median_first_reply_seconds: median(replies),
  }
}
