import type { ErrorCode } from '../errors';
import type { TokenSpec } from './factory';

/**
 * One golden case (fixtures/tokens/<profile>/<name>.json): a token that passes or fails one check
 * at a default tenant. The engine derives most cases from a vendor's contract and time model
 * (scripts/fixture-cases.ts); a vendor adds the ones only its contract has (`fixtureCases`).
 */
export interface FixtureCase {
  /** `<check>.<variant>`: the file name without `.json`. */
  name: string;
  /** The check the case is about: for a refusal, the first failing check. */
  check: string;
  status: 'pass' | 'warn' | 'fail';
  code: ErrorCode | null;
  description: string;
  build(passing: TokenSpec): TokenSpec;
}

export const cloneSpec = (spec: TokenSpec): TokenSpec => ({ ...spec, header: { ...spec.header }, claims: { ...spec.claims } });

/** A case builder that edits the passing token's claims. */
export const editClaims =
  (edit: (c: Record<string, unknown>) => void) =>
  (passing: TokenSpec): TokenSpec => {
    const spec = cloneSpec(passing);
    edit(spec.claims);
    return spec;
  };

/** A case builder that drops claims from the passing token. */
export const withoutClaims = (...names: string[]) => editClaims((c) => names.forEach((n) => delete c[n]));

/** A case on `check`: `<check>.<variant>`. */
export const fixtureCase = (
  check: string,
  variant: string,
  status: FixtureCase['status'],
  code: ErrorCode | null,
  description: string,
  build: FixtureCase['build'] = cloneSpec,
): FixtureCase => ({
  name: `${check}.${variant}`,
  check,
  status,
  code,
  description,
  build,
});
