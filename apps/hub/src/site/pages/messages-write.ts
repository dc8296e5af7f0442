import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import type { FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { cannotWriteNotice, messageEditor, type CannotWrite } from './messages-conversation.ts'
import type { EditorField } from './post-parts.ts'

export interface WriteMessageView {
  slug: string
  communityName: string
  counterpart: { memberId: string; pseudonym: string }
  form: FormState<EditorField>
  previewHtml: string | null
  /** Set when the member cannot write to the other one: the page says why instead of offering the form. */
  cannotWrite: CannotWrite | null
}

/**
 * A message being written on a page of its own: the first one to a member, a preview, or what needs fixing
 * before it is sent (the error summary then heads the page).
 */
export function writeMessagePage(context: PageContext, view: WriteMessageView): string {
  const { t } = context
  const title = t('messages.write.title', { pseudonym: view.counterpart.pseudonym })
  return layout({
    context,
    title: `${title} – ${view.communityName}`,
    main: html`
      <p>
        <a href=${`/c/${view.slug}/messages/${view.counterpart.memberId}`}
          >${t('messages.write.back', { pseudonym: view.counterpart.pseudonym })}</a
        >
      </p>
      <h1>${title}</h1>
      ${
        view.cannotWrite === null
          ? messageEditor(context, {
              slug: view.slug,
              counterpartId: view.counterpart.memberId,
              form: view.form,
              previewHtml: view.previewHtml,
            })
          : cannotWriteNotice(context, view.cannotWrite, view.counterpart.pseudonym)
      }
    `,
  })
}
