import type { StatisticsFreshness } from '@kindred/statistics'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { when } from './post-parts.ts'

/** When the figures were last written and the last final day, with the button that queues a run now. */
export function freshnessSection(context: PageContext, fresh: StatisticsFreshness): Markup {
  const { t } = context
  const at = fresh.lastAggregatedAt
  return html`<section aria-labelledby="freshness-title">
    <h2 id="freshness-title">${t('staff.charts.freshness.title')}</h2>
    <dl class="staff-facts">
      <dt>${t('staff.charts.freshness.lastAggregation')}</dt>
      <dd>${at === null ? t('staff.charts.freshness.never') : when(context, at)}</dd>
      <dt>${t('staff.charts.freshness.completeThrough')}</dt>
      <dd>
        ${fresh.completeThrough === null ? t('staff.charts.freshness.none') : context.i18n.formatDay(fresh.completeThrough, 'medium')}
      </dd>
    </dl>
    <form method="post" action="/staff/charts/refresh">
      ${csrfField(context)}
      <button type="submit">${t('staff.charts.refresh.button')}</button>
    </form>
  </section>`
}
