import { createPrivateKey, sign } from 'node:crypto'

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * Signs access tokens with one Ed25519 key, as compact JWS (RFC 7515 §7.1: base64url header, payload and
 * signature joined by dots), header `{alg: EdDSA, typ: at+jwt, kid}`. The signature is computed by
 * node:crypto on libuv's thread pool rather than on the event loop: at some 40 µs it is most of what
 * switching community costs, and fast-jwt's signer (which verification still uses) only signs synchronously.
 *
 * @example const signToken = createTokenSigner({ kid, privateKeyPem }); const jwt = await signToken({ sub, aud, iss, iat, exp })
 */
export function createTokenSigner(key: { kid: string; privateKeyPem: string }): (payload: Record<string, unknown>) => Promise<string> {
  const privateKey = createPrivateKey(key.privateKeyPem)
  const header = base64url({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid })
  return (payload) =>
    new Promise((resolve, reject) => {
      const signingInput = `${header}.${base64url(payload)}`
      sign(null, Buffer.from(signingInput), privateKey, (error, signature) => {
        if (error === null) resolve(`${signingInput}.${signature.toString('base64url')}`)
        else reject(error)
      })
    })
}
