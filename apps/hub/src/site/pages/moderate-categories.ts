import type { Category } from '@kindred/forum'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, textArea, type FormState } from '../form.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'

export type CategoryFormField = 'name' | 'description'

export interface CategoriesView {
  frame: ModerateFrame
  categories: readonly Category[]
  /** The form to add one: empty, or as sent with its errors. */
  form: FormState<CategoryFormField>
  done: string | null
}

export interface CategoryEditView {
  frame: ModerateFrame
  category: Category
  form: FormState<CategoryFormField>
}

function categoryFields(context: PageContext, form: FormState<CategoryFormField>): Markup {
  const { t } = context
  return html`${field({ form, name: 'name', label: t('moderate.categories.name.label') })}
  ${textArea({ form, name: 'description', label: t('moderate.categories.description.label'), hint: t('moderate.categories.description.hint'), rows: 3 })}`
}

function categoryItem(context: PageContext, frame: ModerateFrame, category: Category): Markup {
  return html`<li class="card">
    <h2>${category.name}</h2>
    ${category.description === '' ? null : html`<p>${category.description}</p>`}
    <p>
      <a
        href=${`${moderatePath(frame.slug, 'categories')}/${category.id}`}
        aria-label=${context.t('moderate.categories.changeLabel', { name: category.name })}
        >${context.t('moderate.categories.change')}</a
      >
    </p>
  </li>`
}

/** The forum's categories in their order, each to rename or describe, and a form to add one. */
export function categoriesPage(context: PageContext, view: CategoriesView): string {
  const { t } = context
  const { frame, form } = view
  return moderateLayout({
    context,
    frame,
    current: 'categories',
    before: html`${doneNotice(view.done)} ${errorSummary(context, form)}`,
    main: html`
      <p>${t('moderate.categories.intro')}</p>
      <ul class="cards">
        ${view.categories.map((category) => categoryItem(context, frame, category))}
      </ul>
      <h2 id="add-title">${t('moderate.categories.add.title')}</h2>
      <form method="post" action=${moderatePath(frame.slug, 'categories')} aria-labelledby="add-title" novalidate>
        ${csrfField(context)} ${categoryFields(context, form)}
        <button type="submit">${t('moderate.categories.add.button')}</button>
      </form>
    `,
  })
}

/** One category's name and description, to change; its address (slug) stays, so links to it keep working. */
export function categoryEditPage(context: PageContext, view: CategoryEditView): string {
  const { t } = context
  const { frame, form, category } = view
  const path = moderatePath(frame.slug, 'categories')
  return moderateLayout({
    context,
    frame,
    current: 'categories',
    heading: t('moderate.categories.edit.title', { name: category.name }),
    before: errorSummary(context, form),
    main: html`
      <form method="post" action=${`${path}/${category.id}`} novalidate>
        ${csrfField(context)} ${categoryFields(context, form)}
        <button type="submit">${t('moderate.categories.edit.button')}</button>
        <p><a href=${path}>${t('moderate.form.cancel')}</a></p>
      </form>
    `,
  })
}
