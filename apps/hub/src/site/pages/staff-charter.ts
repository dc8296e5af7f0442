import type { Charter, CharterDiff } from '@kindred/charter'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { doneNotice } from './moderate-nav.ts'
import { when } from './post-parts.ts'
import { staffLayout, staffPath } from './staff-layout.ts'

export interface CharterEditView {
  inForce: Charter
  /** The version in force as members read it. */
  inForceHtml: string
  form: FormState<'text'>
  done: string | null
}

function editForm(context: PageContext, form: FormState<'text'>, action: 'preview' | 'publish'): Markup {
  const { t } = context
  return html`<form
    class="charter-editor"
    method="post"
    action=${action === 'preview' ? `${staffPath('charter')}/preview` : staffPath('charter')}
    novalidate
  >
    ${csrfField(context)} ${textArea({ form, name: 'text', label: t('staff.charter.text'), hint: t('staff.charter.textHint'), rows: 20 })}
    <button type="submit">${action === 'preview' ? t('staff.charter.preview.button') : t('staff.charter.publish.button')}</button>
  </form>`
}

/** The charter in force, and the text of a new version to preview. */
export function charterEditPage(context: PageContext, view: CharterEditView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'charter',
    before: html`${errorSummary(context, view.form)} ${doneNotice(view.done)}`,
    main: html`
      <p>${t('staff.charter.inForce', { version: view.inForce.version })} ${when(context, view.inForce.publishedAt)}</p>
      <details>
        <summary>${t('staff.charter.readInForce')}</summary>
        <div class="charter-text" dangerouslySetInnerHTML=${{ __html: view.inForceHtml }}></div>
      </details>
      <h2>${t('staff.charter.newVersion')}</h2>
      <p>${t('staff.charter.explain')}</p>
      ${editForm(context, view.form, 'preview')}
    `,
  })
}

export interface CharterPreviewView {
  inForce: Charter
  form: FormState<'text'>
  /** The new version as members will read it, through the charter page's renderer. */
  previewHtml: string
  diff: CharterDiff
}

function diffView(context: PageContext, diff: CharterDiff): Markup {
  const { t } = context
  return html`<p>${t('staff.charter.diff.summary', { added: diff.addedLines, removed: diff.removedLines })}</p>
    <div class="charter-diff" role="region" aria-label=${t('staff.charter.diff.title')} tabindex="0">
      ${diff.parts.map((part) =>
        part.change === 'added'
          ? html`<ins>${part.text}</ins>`
          : part.change === 'removed'
            ? html`<del>${part.text}</del>`
            : html`<span>${part.text}</span>`,
      )}
    </div>`
}

/** A new version before it is published: as members will see it, what it changes, and publishing it. */
export function charterPreviewPage(context: PageContext, view: CharterPreviewView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'charter',
    heading: t('staff.charter.preview.title', { version: view.inForce.version + 1 }),
    before: errorSummary(context, view.form),
    main: html`
      <p><a href=${staffPath('charter')}>${t('staff.charter.back')}</a></p>
      <h2>${t('staff.charter.diff.title')}</h2>
      ${diffView(context, view.diff)}
      <h2>${t('staff.charter.preview.asMembers')}</h2>
      <div class="charter-text staff-preview" dangerouslySetInnerHTML=${{ __html: view.previewHtml }}></div>
      <h2>${t('staff.charter.publish.title')}</h2>
      <p>${t('staff.charter.publish.explain')}</p>
      ${editForm(context, view.form, 'publish')}
    `,
  })
}
