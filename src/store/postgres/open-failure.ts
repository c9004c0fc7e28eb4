import { StoreOpenError } from '../open-error';

/** Where opening the store stopped: reaching the server, applying the migrations, or listening for the other replicas' attempts. */
export type OpenStep = 'connect' | 'migrate' | 'listen';

/** SQLSTATEs of a write the role may not make: no privilege; a read-only transaction (a read-only role, a standby). */
const INSUFFICIENT_PRIVILEGE = '42501';
const READ_ONLY_TRANSACTION = '25006';

/**
 * Why the store could not open, in a person's terms. A role that reached the server but may not
 * write what the migrations create is told to migrate once with a role that may: a read-only
 * role serves a migrated schema (refusing logins), it cannot make one.
 */
export function openFailure(location: string, step: OpenStep, err: unknown): StoreOpenError {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as Error).message;
  if (step === 'migrate' && (code === INSUFFICIENT_PRIVILEGE || code === READ_ONLY_TRANSACTION)) {
    return new StoreOpenError(
      location,
      `the schema's migrations are not applied and this role may not apply them (${message})`,
      'run `helpdesk-jwt-receiver migrate --db <this URL with a role that may create the schema>` once (or start once with that role), then start with this one',
      { cause: err },
    );
  }
  return new StoreOpenError(location, message, 'check the URL, that the server runs and that this role may create the schema', { cause: err });
}
