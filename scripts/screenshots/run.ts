// `npm run screenshots`: the site's main pages in Chromium, at desktop and phone width, written to
// docs/screenshots/ for the README. A network of its own (embedded PostgreSQL, seeded with real diseases and
// synthetic members and posts, its statistics computed), then a visitor who signs up, joins and posts.
import { mkdir } from 'node:fs/promises'
import { setTimeout } from 'node:timers/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { announceMemberChanges } from '@kindred/community'
import { accountIdByEmail, grantRole } from '@kindred/identity'
import { createLogger } from '@kindred/log'
import { seedNetwork } from '@kindred/seed'
import { backfillStatistics, publishStatistics } from '@kindred/statistics'
import { kindredTasks } from '@kindred/jobs'
import { insertProposal, markEmailVerified, runDueJobs, startChromium, taskDependencies } from '@kindred/testkit'
import { startBenchEnvironment } from '../bench/environment.ts'

const directory = new URL('../../docs/screenshots/', import.meta.url)
const widths = {
  desktop: { viewport: { width: 1280, height: 860 } },
  phone: { viewport: { width: 360, height: 760 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const

async function shoot(page: Page, name: string, width: keyof typeof widths): Promise<void> {
  await page.screenshot({ path: new URL(`${name}-${width}.png`, directory).pathname })
  process.stderr.write(`  ${name}-${width}.png\n`)
}

// One visitor's path through the site, a picture at each main page.
// The visitor moderates too, for the moderators' pages: promoted in the tenant as an owner would appoint them.
type Promote = (pseudonym: string) => Promise<unknown>
// The visitor's address is confirmed behind the site's back, as following the mailed link would.
type Confirm = (email: string) => Promise<unknown>

/** Tours the site as one visitor, who ends by opening a thread; answers the visitor's page, on that thread. */
async function tour(context: BrowserContext, width: keyof typeof widths, slug: string, promote: Promote, confirm: Confirm): Promise<Page> {
  const page = await context.newPage()
  await page.goto('/')
  await shoot(page, 'home', width)
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill(`Maria ${width}`)
  await page.getByLabel('Email address').fill(`maria-${width}@example.org`)
  await page.getByLabel('Create a password').fill('a long enough password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up/check-inbox')
  await confirm(`maria-${width}@example.org`)
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(`maria-${width}@example.org`)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL('**/')
  await page.goto(`/c/${slug}`)
  await shoot(page, 'community', width)
  await page.goto(`/c/${slug}/join`)
  await page.getByLabel('The name members will know you by').fill(`Maria ${width}`)
  await page.getByLabel('I have read the charter and I accept it').check()
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(`**/c/${slug}`)
  await promote(`Maria ${width}`)
  await page.reload()
  await shoot(page, 'forum', width)
  await page.locator('.thread h3 a').first().click()
  await page.waitForURL(`**/c/${slug}/t/*`)
  await shoot(page, 'thread', width)
  await page.goto(`/c/${slug}/search?q=appointment`)
  await shoot(page, 'search', width)
  await page.goto(`/c/${slug}/members`)
  await shoot(page, 'members', width)
  await page.locator('.member a').first().click()
  await page.waitForURL(`**/c/${slug}/members/*`)
  await shoot(page, 'profile', width)
  const writeTo = page.getByRole('link', { name: /Send a message/ })
  if ((await writeTo.count()) > 0) {
    await writeTo.click()
    await page.getByLabel('Message').fill('Hello! I read your post about the appointment letters. Could you tell me more?')
    await page.getByRole('button', { name: 'Send message' }).click()
    await page.getByText('Your message was sent.').waitFor()
    await shoot(page, 'conversation', width)
  }
  await page.goto(`/c/${slug}/privacy`)
  await shoot(page, 'privacy', width)
  await page.goto(`/c/${slug}/moderate`)
  await shoot(page, 'moderate', width)
  await page.goto(`/c/${slug}/moderate/reports`)
  await shoot(page, 'reports', width)
  await page.goto(`/c/${slug}/new`)
  await page.getByLabel('Title').fill('Physiotherapy after a flare: what helped you?')
  await page
    .getByLabel('Message')
    .fill('My daughter starts **hydrotherapy** next month. Did it help anyone here?\n\n- how often?\n- for how long?')
  await page.getByRole('button', { name: 'Preview' }).click()
  await page.waitForLoadState()
  await shoot(page, 'new-thread-preview', width)
  await page.getByRole('button', { name: 'Start thread' }).click()
  await page.waitForURL(`**/c/${slug}/t/*`)
  const thread = page.url()
  await page.goto('/proposals')
  await shoot(page, 'proposals', width)
  await page.locator('main h2 a, main h3 a').first().click()
  await page.waitForURL('**/proposals/*')
  await shoot(page, 'proposal', width)
  await page.goto('/statistics')
  await shoot(page, 'statistics', width)
  await page.goto('/account')
  await shoot(page, 'account', width)
  await page.goto(thread)
  return page
}

// Each visitor answers the other's thread; once the fan-out has run, each has a notification to see.
async function answerEachOther(pages: Record<keyof typeof widths, Page>, fanOut: () => Promise<void>): Promise<void> {
  const threads = { desktop: pages.desktop.url(), phone: pages.phone.url() }
  for (const [width, other] of [
    ['desktop', 'phone'],
    ['phone', 'desktop'],
  ] as const) {
    const page = pages[width]
    await page.goto(threads[other])
    await page.getByLabel('Message').fill('Hydrotherapy twice a week helped my son: the warm water eases the stiffness.')
    await page.getByRole('button', { name: 'Post reply' }).click()
    await page.waitForURL('**/t/**')
  }
  await fanOut()
  for (const width of ['desktop', 'phone'] as const) {
    const page = pages[width]
    await page.goto('/notifications')
    await shoot(page, 'notifications', width)
    await page.locator('a[href$="/notifications/settings"]').first().click()
    await page.waitForURL('**/notifications/settings')
    await shoot(page, 'notification-settings', width)
  }
}

// The staff console, as the visitor sees it once made network staff: the dashboard, charts, the incubator's
// review of a proposal ready for it, a community, the visitor's own account and the charter.
async function staffTour(page: Page, width: keyof typeof widths, slug: string): Promise<void> {
  await page.goto('/staff')
  await shoot(page, 'staff-dashboard', width)
  await page.goto('/staff/charts')
  await shoot(page, 'staff-charts', width)
  await page.goto('/staff/proposals')
  await shoot(page, 'staff-proposals', width)
  await page.locator('main table a, main li a').filter({ hasText: 'Fabry' }).first().click()
  await page.waitForURL('**/staff/proposals/*')
  await shoot(page, 'staff-proposal', width)
  await page.goto(`/staff/communities/${slug}`)
  await shoot(page, 'staff-community', width)
  await page.goto(`/staff/accounts?email=${encodeURIComponent(`maria-${width}@example.org`)}`)
  await page.waitForURL('**/staff/accounts/*')
  await shoot(page, 'staff-account', width)
  await page.goto('/staff/charter')
  await shoot(page, 'staff-charter', width)
}

const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr })
const cleanups: Array<() => Promise<void>> = []
try {
  const environment = await startBenchEnvironment(logger, (cleanup) => cleanups.unshift(cleanup))
  const deps = { db: environment.database.db, placements: environment.hub.placements, logger }
  process.stderr.write('seeding a small network\n')
  await seedNetwork(deps, { communities: 6, members: 40, threads: 12, replies: 3, days: 120 })
  // Proposals gathering support, for the incubator's pages.
  for (const [slug, diseaseName, orphaCode, members] of [
    ['alkaptonuria', 'Alkaptonuria', 'ORPHA:56', 1],
    ['kabuki', 'Kabuki syndrome', 'ORPHA:2322', 0],
  ] as const) {
    await insertProposal(environment.database.db, { slug, diseaseName, orphaCode, status: 'open', moderators: 1, members })
  }
  // And one with the support it needs, waiting for staff.
  await insertProposal(environment.database.db, { slug: 'fabry', diseaseName: 'Fabry disease', orphaCode: 'ORPHA:324', status: 'ready' })
  await backfillStatistics(deps)
  await publishStatistics(environment.database.db)
  const {
    slug,
    placement,
    schema_name: schemaName,
  } = await environment.database.db
    .selectFrom('hub.communities')
    .select(['slug', 'placement', 'schema_name'])
    .where('status', '=', 'live')
    .orderBy('created_at')
    .executeTakeFirstOrThrow()
  // The visitor takes part at once, as in a community that does not ask moderators to approve newcomers.
  const tenant = environment.hub.placements.tenantDb({ placement, schemaName })
  await tenant.query.updateTable('settings').set({ join_approval: false }).execute()
  await mkdir(directory, { recursive: true })
  const browser = await startChromium()
  cleanups.unshift(() => browser.close())
  const pages: Partial<Record<keyof typeof widths, Page>> = {}
  for (const width of ['desktop', 'phone'] as const) {
    const context = await browser.newContext({ baseURL: environment.hubUrl, locale: 'en-GB', ...widths[width] })
    cleanups.unshift(() => context.close())
    pages[width] = await tour(
      context,
      width,
      slug,
      (pseudonym) =>
        tenant.transaction(async (trx) => {
          const made = await trx
            .updateTable('members')
            .set({ role: 'moderator' })
            .where('pseudonym', '=', pseudonym)
            .returning('member_id')
            .execute()
          await announceMemberChanges(
            trx,
            tenant.schema,
            made.map((member) => member.member_id),
          )
        }),
      (email) => markEmailVerified(environment.database.db, email),
    )
  }
  // The notification fan-out, as the worker beside the hub runs it (no mail: only the fan-out task).
  const tasks = kindredTasks(taskDependencies({ ...deps, config: environment.config }))
  const fanOut = async () => {
    // The hub queues the fan-out once NOTIFICATION_FAN_OUT_DELAY_MS has gathered a community's posts.
    await setTimeout(environment.config.notifications.fanOutDelayMs + 500)
    await runDueJobs(environment.database.pool, { notifications__fan_out: tasks.notifications__fan_out })
  }
  if (pages.desktop === undefined || pages.phone === undefined) throw new Error('a tour did not end')
  await answerEachOther({ desktop: pages.desktop, phone: pages.phone }, fanOut)
  for (const width of ['desktop', 'phone'] as const) {
    const accountId = await accountIdByEmail(environment.database.db, `maria-${width}@example.org`)
    await grantRole(environment.database.db, { accountId, role: 'staff' })
    await staffTour(width === 'desktop' ? pages.desktop : pages.phone, width, slug)
  }
} finally {
  for (const cleanup of cleanups) await cleanup()
}
