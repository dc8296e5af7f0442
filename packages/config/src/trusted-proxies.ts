import { isIP } from 'node:net'

/** `KINDRED_TRUSTED_PROXIES`: addresses or CIDR ranges separated by commas (spaces around them allowed). */
export const trustedProxiesPattern = '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?(\\s*,\\s*[0-9A-Fa-f:.]+(/[0-9]{1,3})?)*$'

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix] = entry.split('/')
  const family = isIP(address)
  if (family === 0) return false
  return prefix === undefined || Number(prefix) <= (family === 4 ? 32 : 128)
}

/**
 * Splits a `KINDRED_TRUSTED_PROXIES` value (already matched against `trustedProxiesPattern`) into its
 * entries; undefined when one is not an IPv4 or IPv6 address, or a range of one with a prefix that fits it.
 *
 * @example parseTrustedProxies('10.0.0.5, 192.168.10.0/24') // ['10.0.0.5', '192.168.10.0/24']
 */
export function parseTrustedProxies(value: string | undefined): string[] | undefined {
  if (value === undefined) return []
  const entries = value.split(',').map((entry) => entry.trim())
  return entries.every(isAddressOrRange) ? [...new Set(entries)] : undefined
}
