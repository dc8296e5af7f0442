import { strictObject } from '../../routes/typebox.ts'
import { cursor, id } from '../../routes/c/schemas.ts'
import { slug } from '../../routes/communities/schemas.ts'

/** A numeric id in a page's address or form, as the API takes it. */
export const idText = id
export const cursorQuery = cursor
export const slugParams = strictObject({ slug })
export const threadParams = strictObject({ slug, id })
export const postParams = strictObject({ slug, postId: id })

export const threadsPerPage = 25
export const postsPerPage = 50
