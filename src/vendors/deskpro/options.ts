import { z } from 'zod/v4';
import { vendorOption } from '../../config/setting';

/** Deskpro's tenant options (its admin's "Decryption Algorithm" and key, and the guide-or-code choice). */
export const DESKPRO_OPTIONS = {
  algorithm: vendorOption(z.enum(['HS256', 'HS384', 'HS512', 'RS256']), null, 'Deskpro "Decryption Algorithm": the one algorithm accepted (null: HS256).'),
  strictDocs: vendorOption(
    z.boolean(),
    false,
    'Deskpro: apply the admin guide (id, email, name, iat, exp, jti required; replay refused) instead of what its code does.',
  ),
};
