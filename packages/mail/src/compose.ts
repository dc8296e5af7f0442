import { html } from 'htm/preact'
import { renderToString } from 'preact-render-to-string'
import { translator, type Locale } from '@kindred/i18n'

/** A part of a longer message (a digest's community): a heading, then a list of lines, each maybe a link. */
export interface MailSection {
  heading: string
  items: readonly { text: string; url?: string }[]
}

/** What a message says, in the recipient's language; `composeMail` makes its HTML and text parts from it. */
export interface MailContent {
  language: Locale
  subject: string
  /** The message, a paragraph each, before its one action. */
  paragraphs: readonly string[]
  /** Headed lists after the paragraphs (a digest's communities), each line a link where it has one. */
  sections?: readonly MailSection[]
  /** The one thing the message asks to do: a button in HTML, the address written out in the text part. */
  action?: { label: string; url: string }
  /** Said after the action, e.g. how long its link works. */
  afterAction?: readonly string[]
  /**
   * The one-click unsubscribe address (RFC 8058) of a message a member chose to receive. Security messages
   * (verification, password reset, an address taken) have none: they cannot be turned off.
   */
  unsubscribeUrl?: string
}

/** A message ready for SMTP, but for its recipient's address. */
export interface ComposedMail {
  language: Locale
  subject: string
  text: string
  html: string
  headers: Record<string, string>
}

// Mail clients drop style sheets and scripts: what styling there is sits on the elements, large and plain.
const styles = {
  body: 'margin:0;padding:24px 16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:18px;line-height:1.5',
  article: 'max-width:600px;margin:0 auto',
  button:
    'display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;font-weight:bold;text-decoration:underline;border-radius:4px',
  small: 'font-size:16px;color:#3d3d3d',
  heading: 'font-size:20px;margin:24px 0 8px',
}

function htmlPart(content: MailContent, footer: readonly string[]): string {
  const { t } = translator(content.language)
  const action = content.action
  const body = html`<html lang=${content.language}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${content.subject}</title>
    </head>
    <body style=${styles.body}>
      <div role="article" aria-label=${content.subject} lang=${content.language} style=${styles.article}>
        ${content.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
        ${(content.sections ?? []).map(
          (section) =>
            html`<h2 style=${styles.heading}>${section.heading}</h2>
              <ul>
                ${section.items.map((item) => html`<li>${item.url === undefined ? item.text : html`<a href=${item.url}>${item.text}</a>`}</li>`)}
              </ul>`,
        )}
        ${
          action === undefined
            ? null
            : html`<p><a href=${action.url} style=${styles.button}>${action.label}</a></p>
                <p style=${styles.small}>${t('mail.action.copy')}<br />${action.url}</p>`
        }
        ${(content.afterAction ?? []).map((paragraph) => html`<p>${paragraph}</p>`)}
        <hr />
        ${footer.map((line) => html`<p style=${styles.small}>${line}</p>`)}
        ${
          content.unsubscribeUrl === undefined
            ? null
            : html`<p style=${styles.small}><a href=${content.unsubscribeUrl}>${t('mail.footer.unsubscribe')}</a></p>`
        }
      </div>
    </body>
  </html>`
  return `<!doctype html>${renderToString(body)}`
}

function textPart(content: MailContent, footer: readonly string[]): string {
  const { t } = translator(content.language)
  const blocks = [
    ...content.paragraphs,
    ...(content.sections ?? []).map((section) =>
      [section.heading, ...section.items.map((item) => (item.url === undefined ? `- ${item.text}` : `- ${item.text}\n  ${item.url}`))].join(
        '\n',
      ),
    ),
    ...(content.action === undefined ? [] : [`${content.action.label}:\n${content.action.url}`]),
    ...(content.afterAction ?? []),
    '--',
    ...footer,
    ...(content.unsubscribeUrl === undefined ? [] : [`${t('mail.footer.unsubscribe')}:\n${content.unsubscribeUrl}`]),
  ]
  return `${blocks.join('\n\n')}\n`
}

/**
 * A message's HTML and plain-text parts and headers, from what it says. Both parts carry the same words;
 * the HTML is one column of large text with its language set, its action a real link, and no image.
 * `Auto-Submitted` keeps auto-replies away; a message with an unsubscribe address carries the RFC 8058
 * one-click headers.
 *
 * @example composeMail({ language: 'en', subject: 'Confirm your address', paragraphs: ['Welcome.'], action: { label: 'Confirm', url } })
 */
export function composeMail(content: MailContent): ComposedMail {
  const { t } = translator(content.language)
  const footer = [t(content.unsubscribeUrl === undefined ? 'mail.footer.security' : 'mail.footer.choice'), t('mail.footer.sentBy')]
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' }
  if (content.unsubscribeUrl !== undefined) {
    headers['List-Unsubscribe'] = `<${content.unsubscribeUrl}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  return {
    language: content.language,
    subject: content.subject,
    text: textPart(content, footer),
    html: htmlPart(content, footer),
    headers,
  }
}
