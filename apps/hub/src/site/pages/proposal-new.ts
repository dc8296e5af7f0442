import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { proposalForm, type ProposalFormView } from './proposal-form.ts'

/** Proposing a community: what the disease is, who it is for, in which languages, and why. */
export function proposalNewPage(context: PageContext, view: Omit<ProposalFormView, 'action' | 'submit'>): string {
  const { t } = context
  return layout({
    context,
    title: t('proposal.new.title'),
    main: html`
      <h1>${t('proposal.new.title')}</h1>
      <p class="lead">${t('proposal.new.intro')}</p>
      ${proposalForm(context, { ...view, action: '/proposals/new', submit: 'proposal.new.button' })}
    `,
  })
}
