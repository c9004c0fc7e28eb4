import { z } from 'zod/v4';
import { component, jsonObject, ms } from './registry';

/** Who a token names, as a user keeps it and as a dry run's identity shows it. */
export const personFields = {
  email: z.string(),
  name: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  externalId: z.string().nullable(),
  attributes: jsonObject.nullable(),
};

/** A user the logins created or updated. */
export const userSchema = component(
  'User',
  z.object({
    id: z.number().int(),
    tenant: z.string(),
    identityKey: z.string(),
    ...personFields,
    loginCount: z.number().int(),
    createdAt: ms('first login'),
    lastLoginAt: ms('last login'),
  }),
);
export type UserJson = z.infer<typeof userSchema>;

/** GET /_receiver/users: oldest first. */
export const userListSchema = component('UserList', z.object({ users: z.array(userSchema) }));
