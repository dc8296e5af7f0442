import type { Proposal } from '@kindred/incubator'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'

/** Asking the founder to confirm withdrawing their proposal, which cannot be undone, and why if they wish. */
export function proposalWithdrawPage(context: PageContext, proposal: Proposal): string {
  const { t } = context
  return layout({
    context,
    title: t('proposal.withdraw.title', { name: proposal.diseaseName }),
    main: html`
      <h1>${t('proposal.withdraw.title', { name: proposal.diseaseName })}</h1>
      <p>${t('proposal.withdraw.warning')}</p>
      <form method="post" action=${`/proposals/${proposal.id}/withdraw`}>
        ${csrfField(context)}
        <div class="field">
          <label for="reason">${t('proposal.withdraw.reason.label')}</label>
          <span class="hint" id="reason-hint">${t('proposal.withdraw.reason.hint')}</span>
          <textarea id="reason" name="reason" rows="4" aria-describedby="reason-hint"></textarea>
        </div>
        <button type="submit" class="danger">${t('proposal.withdraw.button')}</button>
      </form>
      <p><a href=${`/proposals/${proposal.id}`}>${t('proposal.withdraw.cancel')}</a></p>
    `,
  })
}
