import { writeFileSync } from 'node:fs';
import { loadExpectedFailures } from '../conform/expected-failures';
import { planFor } from '../conform/plan';
import { htmlReport } from '../conform/reports/html';
import { jsonReport } from '../conform/reports/json';
import { junitReport } from '../conform/reports/junit';
import { conform } from '../conform/run';
import type { ConformResult } from '../conform/types';
import { PROFILE_IDS } from '../vendors';
import { asSetupError, createDriver, progressLine, startRunReceiver, type ConformFlags } from './conform-setup';
import { reportFailure } from './errors';
import { UsageError } from './usage';

/*
 * What `conform` does once its flags are parsed; cli/conform.ts loads this module only then, so
 * the other commands (serve above all) do not load the conformance modules, drivers and reports.
 */

function printModules(profile: string): void {
  process.stdout.write(
    planFor(profile)
      .map((m) => `${m.id.padEnd(20)} ${m.title}\n${' '.repeat(21)}rule: ${m.rule}\n`)
      .join(''),
  );
}

function writeReports(flags: ConformFlags, result: ConformResult): void {
  if (flags.json) writeFileSync(flags.json, jsonReport(result));
  if (flags.junit) writeFileSync(flags.junit, junitReport(result));
  if (flags.html) writeFileSync(flags.html, htmlReport(result));
}

function summary(result: ConformResult): string {
  const lines = result.modules.map((m) => `${`${m.status}${m.expected ? '*' : ''}`.padEnd(9)} ${m.id.padEnd(20)} ${m.summary}`);
  const counts = Object.entries(result.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const expected = result.modules.some((m) => m.expected) ? ' (* expected failure)' : '';
  return `${lines.join('\n')}\n\n${result.vendorName}: ${result.outcome} (${counts}) in ${(result.durationMs / 1000).toFixed(1)} s${expected}\n`;
}

async function run(flags: ConformFlags): Promise<number> {
  if (flags.listModules) {
    if (!flags.profile) throw new UsageError('--list-modules needs --profile <id>');
    printModules(flags.profile);
    return 0;
  }
  const { driver, script } = await createDriver(flags);
  let receiver: Awaited<ReturnType<typeof startRunReceiver>> = null;
  try {
    receiver = await startRunReceiver(flags);
    const known = planFor(flags.profile ?? PROFILE_IDS[0]).map((m) => m.id);
    const unknown = (flags.modules ?? []).filter((id) => !known.includes(id));
    if (unknown.length > 0) throw new UsageError(`--modules: no module ${unknown.join(', ')} (modules: ${known.join(', ')})`);
    const expectedFailures = flags.expectedFailures ? loadExpectedFailures(flags.expectedFailures, known) : [];
    const result = await conform({
      ...(receiver ? { receiver } : { receiverUrl: flags.receiverUrl as string }),
      ...(flags.adminToken ? { adminToken: flags.adminToken } : {}),
      tenant: flags.tenant ?? 'default',
      secrets: flags.secret,
      ...(flags.idpLoginUrl ? { idpLoginUrl: flags.idpLoginUrl } : {}),
      ...(flags.logoutUrl ? { logoutUrl: flags.logoutUrl } : {}),
      driver,
      users: script?.users ?? {},
      ...(flags.modules ? { modules: flags.modules } : {}),
      expectedFailures,
      timeoutMs: flags.timeout * 1000,
      onModule(result, index, total) {
        if (process.stderr.isTTY) process.stderr.write(`${progressLine(result, index, total)}\n`);
      },
    });
    writeReports(flags, result);
    process.stdout.write(summary(result));
    return result.outcome === 'PASSED' ? 0 : 1;
  } finally {
    // The browser first: the receiver's close waits for the connections Chromium keeps alive.
    await driver.close();
    await receiver?.close();
  }
}

/** The run's exit status: 0 all passed (or expected), 1 a module failed, 2 usage or set-up error. */
export async function runConform(flags: ConformFlags): Promise<number> {
  try {
    return await run(flags);
  } catch (err) {
    return reportFailure(asSetupError(err));
  }
}
