/**
 * Writes the golden fixtures: fixtures/tokens/<profile>/<check>.<variant>.json, one token per file
 * with the verdict a default tenant of the profile gives it at a fixed instant. Deterministic (a
 * fixed instant, fixed secret, fixed jti per file; HMAC signatures), so a test can regenerate them
 * and compare with what is committed. Run with `npm run fixtures`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ErrorCode } from '../src/errors';
import { credentialOf, passingSpec } from '../src/mint/claims';
import { PROFILE_IDS, VENDORS, type ProfileId } from '../src/vendors';
import { GOLDEN_SUBJECT, fixtureCases } from './fixture-cases';

/** The clock instant every golden token is judged at: 2026-01-15T12:00:00Z. */
export const GOLDEN_AT = '2026-01-15T12:00:00.000Z';
/** The tenant secret of every golden token. */
export const GOLDEN_SECRET = 'golden-fixture-secret-0123456789abcdef';

export interface GoldenFixture {
  description: string;
  profile: ProfileId;
  /** The check the token is about: for a refusal, the first failing check. */
  check: string;
  /** The instant to judge the token at (freeze the receiver's clock here). */
  at: string;
  secret: string;
  token: string;
  expected: { accepted: boolean; code: ErrorCode | null; status: 'pass' | 'warn' | 'fail' };
}

/** The folder holding package.json, from scripts/ or from its compiled copy under dist-scripts/. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const FIXTURES_DIR = join(projectRoot(), 'fixtures', 'tokens');

/** Every fixture, by path relative to FIXTURES_DIR (`happyfox/iat_window.pass.json`), as file text. */
export async function generateFixtures(): Promise<Map<string, string>> {
  const atMs = Date.parse(GOLDEN_AT);
  const files = new Map<string, string>();
  for (const profile of PROFILE_IDS) {
    // An RS256 vendor's fixtures carry the published test key they are signed with (src/mint/test-keys.ts).
    const secret = VENDORS[profile].factory.goldenSecret ?? GOLDEN_SECRET;
    for (const c of fixtureCases(profile, atMs)) {
      const path = `${profile}/${c.name}.json`;
      if (files.has(path)) throw new Error(`two golden cases named ${path}`);
      const passing = passingSpec(profile, atMs, GOLDEN_SUBJECT, `golden-${profile}-${c.name}`);
      const fixture: GoldenFixture = {
        description: c.description,
        profile,
        check: c.check,
        at: GOLDEN_AT,
        secret,
        token: await credentialOf(profile, c.build(passing), secret),
        expected: { accepted: c.code === null, code: c.code, status: c.status },
      };
      files.set(path, `${JSON.stringify(fixture, null, 2)}\n`);
    }
  }
  return files;
}

/** Replaces the profile folders under `dir` with the generated files. */
export async function writeFixtures(dir = FIXTURES_DIR): Promise<number> {
  const files = await generateFixtures();
  for (const profile of PROFILE_IDS) rmSync(join(dir, profile), { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return files.size;
}

/** The committed fixtures, by the same relative paths. */
export function listFixtureFiles(dir = FIXTURES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
}

if (require.main === module) {
  writeFixtures().then(
    (count) => process.stdout.write(`${count} golden fixtures written to ${resolve(FIXTURES_DIR)}\n`),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
