import type { Author } from '@kindred/community'
import type { AuthorMarks } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'

// A constant, so the translator finds its formatter by identity (translator.ts).
const momentStyle: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

/** A date and time as the reader's language writes them ("Mar 3, 2025, 10:04 AM"). */
export const momentText = (context: PageContext, date: Date): string => context.i18n.formatDate(date, momentStyle)

/** A date as the reader's language writes it, with the exact time for machines (and on hover). */
export function when(context: PageContext, date: Date): Markup {
  return html`<time datetime=${date.toISOString()}>${momentText(context, date)}</time>`
}

/** The role and the marks readers should know of, as badge texts (the directory and profiles show them too). */
export function authorBadges(context: PageContext, author: Pick<Author, 'role'> & Partial<AuthorMarks>): string[] {
  const { t } = context
  return [
    author.role === 'owner' ? t('post.role.owner') : null,
    author.role === 'moderator' ? t('post.role.moderator') : null,
    author.healthProfessional === true ? t('post.mark.healthProfessional') : null,
    author.industry === true ? t('post.mark.industry') : null,
    (author.disclosures?.length ?? 0) > 0 ? t('post.mark.disclosures', { count: author.disclosures?.length ?? 0 }) : null,
  ].filter((badge) => badge !== null)
}

/**
 * An author as a post shows them: pseudonym, role in the community, and the marks readers should know of.
 * With `profileHref` (only where the reader may open the profile), the pseudonym links to it.
 */
export function authorLine(context: PageContext, author: Author & Partial<AuthorMarks>, profileHref?: string): Markup {
  const badges = authorBadges(context, author)
  const name = profileHref === undefined ? author.pseudonym : html`<a href=${profileHref}>${author.pseudonym}</a>`
  return html`<span class="author">${name}</span>${badges.map((badge) => html` <span class="badge">${badge}</span>`)}`
}

/** What a member writes: Markdown, shown rendered on the server (safe HTML only) before it is posted. */
export type EditorField = 'title' | 'body'

export interface EditorView {
  action: string
  form: FormState<EditorField>
  /** The body as it will look, when the member asked for a preview. */
  previewHtml: string | null
  submitLabel: string
  /** Fields before the body (a category, a title). */
  before?: Markup
}

export function postEditor(context: PageContext, view: EditorView): Markup {
  const { t } = context
  return html`${errorSummary(context, view.form)}
    ${
      view.previewHtml === null
        ? null
        : html`<section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">${t('post.preview.title')}</h2>
            <div class="post-body" dangerouslySetInnerHTML=${{ __html: view.previewHtml }}></div>
          </section>`
    }
    <form method="post" action=${view.action} novalidate>
      ${csrfField(context)} ${view.before ?? null}
      ${textArea({ form: view.form, name: 'body', label: t('post.body.label'), hint: t('post.body.hint') })}
      <div class="actions">
        <button type="submit" name="intent" value="post">${view.submitLabel}</button>
        <button type="submit" name="intent" value="preview" class="secondary">${t('post.preview.button')}</button>
      </div>
    </form>`
}
