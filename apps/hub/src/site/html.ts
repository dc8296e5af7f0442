import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/**
 * Markup as tagged templates (htm over preact's `h`): every interpolated value is escaped when rendered,
 * in text and in attributes alike, and attributes are always quoted, so a template cannot forget to.
 * Components are plain typed functions of their view models.
 *
 * @example html`<p class="hint">${t('signUp.password.hint', { min: 12 })}</p>`
 */
export { html }

export type Markup = VNode

/** A whole page as the browser gets it. */
export function renderDocument(page: Markup): string {
  return `<!doctype html>${renderToString(page)}`
}
