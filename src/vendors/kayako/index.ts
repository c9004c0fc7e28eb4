import type { Vendor } from '../types';
import { kayakoPlan } from './plan';
import { KAYAKO_README } from './readme';
import { kayako as contract, MIN_SECRET_LENGTH } from './contract';
import { kayakoFactory } from './factory';
import { addKayakoRoutes } from './routes';

/** Kayako: `returnto` to the IdP, back to `/Base/SSO/JWT/?type=&action=&jwt=`. */
export const kayako = {
  id: 'kayako',
  contract,
  readme: KAYAKO_README,
  routes: addKayakoRoutes,
  factory: kayakoFactory,
  plan: kayakoPlan,
  checkTenant: ({ secrets }) =>
    secrets.flatMap((secret, i) =>
      secret.length >= MIN_SECRET_LENGTH
        ? []
        : [{ path: ['secrets', i], message: `must be at least ${MIN_SECRET_LENGTH} characters (Kayako refuses a shorter shared secret)` }],
    ),
} satisfies Vendor;
