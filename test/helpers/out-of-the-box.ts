/** The tenants `npm start` serves with nothing configured: the default HappyFox one, then every vendor with a shared secret (Freshworks needs a public key). */
export const OUT_OF_THE_BOX_IDS = [
  'default',
  'canny',
  'deskpro',
  'discourse',
  'freshdesk-simple-sso',
  'freshdesk-sso-v2',
  'helpscout-docs',
  'kayako',
  'mojo',
  'zendesk',
  'zendesk-messaging',
  'zoho-asap',
];
