import type { LatestDayFigures, PublicCommunityFigures, PublicStatistics, PublishedCount, TwelveMonthFigures } from '@kindred/statistics'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

// A suppressed count is a word, never a number, not even a bound: complementary suppression hides larger counts too.
function countCell(context: PageContext, count: PublishedCount): Markup {
  if ('suppressed' in count) return html`<td class="number suppressed">${context.t('statistics.suppressed')}</td>`
  return html`<td class="number">${context.i18n.formatNumber(count.value)}</td>`
}

interface Column<Figures> {
  label: MessageId
  of: (figures: Figures) => PublishedCount
}

// The columns of both tables, in order: the latest day's three figures, then the twelve months' two.
const dayColumns: ReadonlyArray<Column<LatestDayFigures>> = [
  { label: 'statistics.figure.members', of: (day) => day.members },
  { label: 'statistics.figure.activeMembers', of: (day) => day.activeMembers30d },
  { label: 'statistics.figure.threadsOfDay', of: (day) => day.threads },
]
const yearColumns: ReadonlyArray<Column<TwelveMonthFigures>> = [
  { label: 'statistics.figure.membersJoined', of: (year) => year.membersJoined },
  { label: 'statistics.figure.threadsOfYear', of: (year) => year.threads },
]

function scrollable(caption: string, id: string, table: Markup): Markup {
  return html`<div class="table-scroll" role="region" aria-labelledby=${id} tabindex="0">
    <table>
      <caption id=${id}>
        ${caption}
      </caption>
      ${table}
    </table>
  </div>`
}

function figureRow(context: PageContext, label: MessageId, count: PublishedCount): Markup {
  return html`<tr>
    <th scope="row">${context.t(label)}</th>
    ${countCell(context, count)}
  </tr>`
}

function networkTable(context: PageContext, network: PublicStatistics['network']): Markup {
  const { t } = context
  return scrollable(
    t('statistics.network.caption'),
    'network-caption',
    html`<thead>
        <tr>
          <th scope="col">${t('statistics.network.figure')}</th>
          <th scope="col" class="number">${t('statistics.network.count')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">${t('statistics.network.communities')}</th>
          <td class="number">${context.i18n.formatNumber(network.communities)}</td>
        </tr>
        ${dayColumns.map(({ label, of }) => figureRow(context, label, of(network.latestDay)))}
        ${yearColumns.map(({ label, of }) => figureRow(context, label, of(network.last12Months)))}
      </tbody>`,
  )
}

// A community launched since the last run has no figures yet for the day, or for the whole period.
function cells<Figures>(context: PageContext, columns: ReadonlyArray<Column<Figures>>, figures: Figures | null): Markup[] {
  return columns.map(({ of }) =>
    figures === null
      ? html`<td class="number none">${context.t('statistics.communities.noFigures')}</td>`
      : countCell(context, of(figures)),
  )
}

function communityRow(context: PageContext, community: PublicCommunityFigures): Markup {
  return html`<tr>
    <th scope="row"><a href=${`/c/${community.slug}`}>${community.name}</a></th>
    ${cells(context, dayColumns, community.latestDay)} ${cells(context, yearColumns, community.last12Months)}
  </tr>`
}

function communitiesTable(context: PageContext, communities: readonly PublicCommunityFigures[]): Markup {
  const { t, i18n } = context
  if (communities.length === 0) return html`<p>${t('statistics.communities.none')}</p>`
  const byName = communities.toSorted((a, b) => a.name.localeCompare(b.name, i18n.locale))
  return scrollable(
    t('statistics.communities.caption'),
    'communities-caption',
    html`<thead>
        <tr>
          <th scope="col">${t('statistics.communities.community')}</th>
          ${[...dayColumns, ...yearColumns].map(({ label }) => html`<th scope="col" class="number">${t(label)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${byName.map((community) => communityRow(context, community))}
      </tbody>`,
  )
}

function figures(context: PageContext, statistics: PublicStatistics & { latestDay: string }): Markup {
  const { t, i18n } = context
  const period = statistics.last12Months
  return html`
    <p class="lead">${t('statistics.day', { day: context.i18n.formatDay(statistics.latestDay, 'long') })}</p>
    ${period === null ? null : html`<p>${t('statistics.period', { from: context.i18n.formatDay(period.from, 'long'), to: context.i18n.formatDay(period.to, 'long') })}</p>`}
    ${
      statistics.lastAggregatedAt === null
        ? null
        : html`<p>
            ${t('statistics.published', {
              when: i18n.formatDate(statistics.lastAggregatedAt, {
                dateStyle: 'long',
                timeStyle: 'short',
                timeZone: 'UTC',
              }),
            })}
          </p>`
    }
    <p>${t('statistics.active')}</p>
    <h2>${t('statistics.rule.heading')}</h2>
    <p>${t('statistics.rule.small', { threshold: statistics.threshold })}</p>
    <p>${t('statistics.rule.complementary')}</p>
    <p>${t('statistics.rule.zero')}</p>
    <h2>${t('statistics.network.heading')}</h2>
    ${networkTable(context, statistics.network)}
    <h2>${t('statistics.communities.heading')}</h2>
    ${communitiesTable(context, statistics.communities)}
  `
}

/** The network's public statistics: the day they are for, the suppression rule, then the figures as tables. */
export function statisticsPage(context: PageContext, statistics: PublicStatistics): string {
  const { t } = context
  const { latestDay } = statistics
  return layout({
    context,
    title: t('statistics.title'),
    main: html`
      <h1>${t('statistics.title')}</h1>
      <p>${t('statistics.intro')}</p>
      ${latestDay === null ? html`<p>${t('statistics.none')}</p>` : figures(context, { ...statistics, latestDay })}
    `,
  })
}
