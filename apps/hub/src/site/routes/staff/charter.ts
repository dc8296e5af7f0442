import { Type } from 'typebox'
import { charterDiff, currentCharter, publishCharter } from '@kindred/charter'
import { renderMarkdown } from '@kindred/forum'
import { charterDistributeJob } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import type { PageContext } from '../../context.ts'
import { csrfChecked } from '../../csrf-and-cookies.ts'
import type { FormState } from '../../form.ts'
import { charterEditPage, charterPreviewPage } from '../../pages/staff-charter.ts'
import { staffPath } from '../../pages/staff-layout.ts'
import { formBody, text } from '../../schemas.ts'
import { page } from '../moderate-schemas.ts'

/** The longest charter the API takes (`PUT /v1/admin/charter`). */
const charterMax = 100_000
const charterForm = formBody({ text: text(charterMax * 2) })
const charterQuery = strictObject({ done: Type.Optional(Type.Literal('published')) })

// What is wrong with a new version's text: nothing to publish, too long, or no change from the one in force.
function textProblem({ t }: PageContext, proposed: string, inForce: string): string | undefined {
  if (proposed.trim() === '') return t('staff.charter.error.empty')
  if (proposed.length > charterMax) return t('staff.charter.error.tooLong', { max: charterMax })
  return proposed === inForce ? t('staff.charter.error.unchanged') : undefined
}

// Browsers send a textarea's line ends as CRLF; the charter keeps LF, as the default charter has it.
const lineEnds = (value: string): string => value.replace(/\r\n?/gu, '\n')

/** The charter: the version in force, a new version previewed with its diff, and publishing it. */
export default async function staffCharterRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const { db } = app.database

  const editPage = async (context: PageContext, form: FormState<'text'> | undefined, done: string | null) => {
    const inForce = await currentCharter(db)
    return charterEditPage(context, {
      inForce,
      inForceHtml: renderMarkdown(inForce.text),
      form: form ?? { values: { text: inForce.text }, errors: {} },
      done,
    })
  }

  app.get('/staff/charter', { schema: { hide: true, querystring: charterQuery, response: page } }, async (request) => {
    const context = request.page()
    return editPage(context, undefined, request.query.done === undefined ? null : context.t('staff.charter.done.published'))
  })

  // A new version as the form sent it, with the version in force; the form to show again when it is refused.
  const checkProposed = async (context: PageContext, sent: string) => {
    const proposed = lineEnds(sent)
    const inForce = await currentCharter(db)
    const problem = textProblem(context, proposed, inForce.text)
    const form: FormState<'text'> = { values: { text: proposed }, errors: problem === undefined ? {} : { text: problem } }
    return { proposed, inForce, refused: problem === undefined ? null : await editPage(context, form, null), form }
  }

  app.post(
    '/staff/charter/preview',
    { preValidation: checkCsrf, schema: { hide: true, body: charterForm, response: page } },
    async (request, reply) => {
      const context = request.page()
      const { proposed, inForce, refused, form } = await checkProposed(context, request.body.text)
      if (refused !== null) return reply.code(400).send(refused)
      return charterPreviewPage(context, {
        inForce,
        form,
        previewHtml: renderMarkdown(proposed),
        diff: charterDiff(inForce.text, proposed),
      })
    },
  )

  app.post(
    '/staff/charter',
    { preValidation: checkCsrf, schema: { hide: true, body: charterForm, response: page } },
    async (request, reply) => {
      const { proposed, refused } = await checkProposed(request.page(), request.body.text)
      if (refused !== null) return reply.code(400).send(refused)
      // The same call as PUT /v1/admin/charter: the copy into every community is queued with it.
      await publishCharter(db, { text: proposed, publishedBy: request.staffId() }, { distribution: charterDistributeJob })
      return reply.redirect(`${staffPath('charter')}?done=published`, 303)
    },
  )
}
