import { parseConfig } from '../../src/config/load';
import { ConfigError } from '../../src/errors';

/** The ConfigError a call throws (fails the test if it throws nothing or something else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

/** A valid HappyFox tenant with its own secret, plus `extra`. */
export const tenant = (id: string, extra: Record<string, unknown> = {}) => ({ id, profile: 'happyfox', secret: `${id}-secret`, ...extra });

/** The problems parseConfig reports for `raw` (it must refuse it). */
export const problemsOf = (raw: unknown): readonly string[] => configError(() => parseConfig(raw, 'test.json')).problems;
