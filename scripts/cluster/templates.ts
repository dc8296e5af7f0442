import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { templatesDir } from './topology.ts'

// Values are ports, paths, names and hex passwords: anything else could change the meaning of the YAML
// or haproxy line it lands in, so it is refused rather than quoted.
const safeValue = /^[A-Za-z0-9_./:@-]+$/

/**
 * The template `infra/local/<name>` with each `${VARIABLE}` replaced, as envsubst would.
 *
 * @example await renderTemplate('etcd.yml', { ETCD_DATA_DIR: '/srv/etcd', ETCD_CLIENT_PORT: 2379, ETCD_PEER_PORT: 2380 })
 * @throws Error naming a variable the template uses but `values` lacks, or one whose value is unsafe there.
 */
export async function renderTemplate(name: string, values: Record<string, string | number>): Promise<string> {
  const template = await readFile(path.join(templatesDir, name), 'utf8')
  return template.replaceAll(/\$\{([A-Z0-9_]+)\}/g, (_match, variable: string) => {
    const value = values[variable]
    if (value === undefined) throw new Error(`${name} uses \${${variable}}, which has no value`)
    const text = String(value)
    if (!safeValue.test(text)) throw new Error(`${name}: the value of \${${variable}} holds characters a template cannot take`)
    return text
  })
}
