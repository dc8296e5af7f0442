import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { unverifiedExplanation } from './email-address-parts.ts'

/** Instead of joining, supporting or proposing, for a member who has not confirmed their address yet. */
export function unverifiedPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('unverified.title'),
    main: html`
      <h1>${t('unverified.title')}</h1>
      ${unverifiedExplanation(context)}
    `,
  })
}
