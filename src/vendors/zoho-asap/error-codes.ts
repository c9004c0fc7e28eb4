import type { ErrorCodeTable } from '../../errors';

/**
 * Codes only Zoho ASAP answers: its email_verified rule, its /asap/me (HTTP 401, with
 * WWW-Authenticate: Bearer) and the CORS of /asap/jwt and /asap/me (403). src/vendors/error-codes.ts
 * lists it; src/errors.ts joins it to the engine's.
 */
export const ZOHO_ASAP_CODES = {
  email_not_verified: { status: 401, meaning: 'Zoho ASAP: email_verified is false; Zoho logs in only verified addresses.' },
  access_token_missing: { status: 401, meaning: 'Zoho ASAP /asap/me: no Authorization header, or one that is not `Bearer <access_token>`.' },
  access_token_invalid: {
    status: 401,
    meaning: 'Zoho ASAP /asap/me: the access token is unknown to this tenant, or it has expired (accessTokenTtlSeconds by the receiver clock).',
  },
  origin_not_allowed: {
    status: 403,
    meaning:
      "Zoho ASAP /asap/jwt and /asap/me: a browser page on an origin whose host is not in the tenant's `addOnDomains` (unset: loopback hosts only) called them; the CORS preflight or the request is refused before the token is read.",
  },
} as const satisfies ErrorCodeTable;
