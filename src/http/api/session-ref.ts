/**
 * The length of a session's public reference: enough to tell sessions apart, useless as a cookie.
 * Its own module so the API's handlers have it without loading the response schemas (zod, built at
 * import), which only GET /openapi.json needs.
 */
export const SESSION_REF_LENGTH = 8;
