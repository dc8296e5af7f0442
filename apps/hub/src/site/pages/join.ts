import { pseudonymLength } from '@kindred/membership'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { checkbox, csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type JoinField = 'pseudonym' | 'accept'

export interface JoinView {
  slug: string
  communityName: string
  /** The charter in force, rendered from its Markdown. */
  charterHtml: string
  charterVersion: number
  /** A founding member completing their membership rather than someone new joining. */
  founding: boolean
  form: FormState<JoinField>
}

/**
 * Joining a community, one page in order: read the charter, choose the name the community will know you
 * by (and nothing else of you), accept.
 */
export function joinPage(context: PageContext, view: JoinView): string {
  const { t } = context
  const title = view.founding
    ? t('join.foundingTitle', { community: view.communityName })
    : t('join.title', { community: view.communityName })
  return layout({
    context,
    title,
    main: html`
      ${errorSummary(context, view.form)}
      <h1>${title}</h1>
      <p class="lead">${t('join.intro')}</p>
      <section aria-labelledby="charter-title" class="charter">
        <h2 id="charter-title">${t('join.charter.title')}</h2>
        <div class="charter-text" dangerouslySetInnerHTML=${{ __html: view.charterHtml }}></div>
      </section>
      <form method="post" action=${`/c/${view.slug}/join`} novalidate>
        ${csrfField(context)}
        <input type="hidden" name="charterVersion" value=${String(view.charterVersion)} />
        ${field({
          form: view.form,
          name: 'pseudonym',
          label: t('join.pseudonym.label'),
          hint: t('join.pseudonym.hint', { min: pseudonymLength.min, max: pseudonymLength.max }),
          autocomplete: 'off',
        })}
        ${checkbox({ form: view.form, name: 'accept', label: t('join.accept.label') })}
        <button type="submit">${view.founding ? t('join.foundingButton') : t('join.button')}</button>
      </form>
    `,
  })
}
