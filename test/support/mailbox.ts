import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { Test } from 'tap'

/** A message the test mailbox received, parsed, with the SMTP envelope's recipients. */
export interface ReceivedMail {
  to: string[]
  parsed: ParsedMail
  subject: string
  text: string
  html: string
  header: (name: string) => string | undefined
}

export interface TestMailbox {
  /** `smtp://127.0.0.1:<port>`: what `SMTP_URL` is set to. */
  url: string
  received: ReceivedMail[]
  /** Waits until `count` messages have arrived in all (or fails after `timeoutMs`). */
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>
  /** The messages received for `address`, oldest first. */
  to: (address: string) => ReceivedMail[]
  /** While set, the server holds each message's DATA before answering, as a slow server would. */
  holdData: (milliseconds: number) => void
}

function received(to: string[], parsed: ParsedMail): ReceivedMail {
  return {
    to,
    parsed,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    // The header as it was sent: mailparser folds some (List-*) into structured values of its own.
    header: (name) => {
      const line = parsed.headerLines.find(({ key }) => key === name.toLowerCase())?.line
      return line
        ?.slice(line.indexOf(':') + 1)
        .replace(/\r?\n\s+/g, ' ')
        .trim()
    },
  }
}

/**
 * A real SMTP server (smtp-server) on a free port of 127.0.0.1 for this test, parsing what it receives
 * (mailparser); closed when the test ends. No authentication and no TLS, as a local relay.
 *
 * @example const mailbox = await startTestMailbox(t); const hub = await buildTestHub(t, { env: { SMTP_URL: mailbox.url } })
 */
export async function startTestMailbox(t: Test): Promise<TestMailbox> {
  const messages: ReceivedMail[] = []
  let holdMs = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs))
          messages.push(
            received(
              session.envelope.rcptTo.map(({ address }) => address),
              parsed,
            ),
          )
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: messages,
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`the mailbox received ${messages.length} messages, not ${count}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return messages
    },
    to: (address) => messages.filter((message) => message.to.includes(address)),
    holdData: (milliseconds) => {
      holdMs = milliseconds
    },
  }
}
