import type { Proposal } from '@kindred/incubator'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { proposalForm, type ProposalFormView } from './proposal-form.ts'

/** The founder's changes to a proposal staff sent back; reopening it is a step of its own, on its page. */
export function proposalEditPage(context: PageContext, proposal: Proposal, view: Omit<ProposalFormView, 'action' | 'submit'>): string {
  const { t } = context
  return layout({
    context,
    title: t('proposal.edit.title', { name: proposal.diseaseName }),
    main: html`
      <h1>${t('proposal.edit.title', { name: proposal.diseaseName })}</h1>
      <p>${t('proposal.edit.intro')}</p>
      ${proposalForm(context, { ...view, action: `/proposals/${proposal.id}/edit`, submit: 'proposal.edit.button' })}
      <p><a href=${`/proposals/${proposal.id}`}>${t('proposal.backToProposal')}</a></p>
    `,
  })
}
