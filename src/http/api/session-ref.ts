/**
 * The length of a session's public reference: enough to tell sessions apart, useless as a cookie.
 * Its own module so the API's handlers have it without loading the response schemas (zod, built at
 * import), which only GET /openapi.json needs.
 */
export const SESSION_REF_LENGTH = 8;

/**
 * A session's reference from its stored hash: the start of the digest, after the creation time a
 * newer hash opens with (src/store/sessions.ts hashSessionId), which sessions made together share.
 */
export function sessionRef(idHash: string): string {
  const digest = idHash.indexOf('.') + 1;
  return idHash.slice(digest, digest + SESSION_REF_LENGTH);
}
