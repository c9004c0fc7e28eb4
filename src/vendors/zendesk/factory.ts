import { formPostRequest } from '../../mint/delivery';
import type { TokenFactory } from '../../mint/factory';
import { ZENDESK_OPTIONS } from './options';

/** What a Zendesk IdP sends (the attribute table's required four), delivered as the recommended form POST. */
export const zendeskFactory: TokenFactory = {
  timeModel: { kind: 'iat-skew', skewSeconds: ZENDESK_OPTIONS.iatSkewSeconds.value },
  // name is required by Zendesk: without one, the email's local part stands in.
  passingClaims: (atMs, { email, name }, jti) => ({ iat: Math.floor(atMs / 1000), jti, email, name: name?.trim() ? name : (email.split('@')[0] ?? email) }),
  // The POST form is the documented way (GET /access/jwt is deprecated).
  consumeRequest: (target, token) => formPostRequest(target, 'jwt', token),
};
