import type JunitBuilder from 'junit-report-builder';
import type { ConformResult } from '../types';

/**
 * junit-report-builder, loaded when a report is first written: compiling its one 790 kB bundle
 * cost every `serve` and every `import` of the library start-up time.
 */
function junitBuilder(): typeof JunitBuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a third-party package loaded on first use, not an internal module the boundary rules watch
  return require('junit-report-builder') as typeof JunitBuilder;
}

interface WithProperties<T> {
  property(name: string, value: string): T;
}

const withProperties = <T extends WithProperties<T>>(node: T, properties: Record<string, string>): T =>
  Object.entries(properties).reduce((n, [name, value]) => n.property(name, value), node);

/**
 * JUnit XML for any CI: one test suite per run, one test case per module. FAILED is a failure
 * (unless expected), SKIPPED is skipped, WARNING and REVIEW pass with a `status` property, as
 * JUnit has no word for them; every module carries its rule and source as properties.
 */
export function junitReport(result: ConformResult): string {
  const builder = junitBuilder().newBuilder();
  const suite = withProperties(
    builder
      .testSuite()
      .name(`conform ${result.vendor} (${result.driver})`)
      .timestamp(result.startedAt)
      .time(result.durationMs / 1000),
    {
      vendor: result.vendorName,
      tenant: result.tenant,
      receiver: result.receiverUrl,
      outcome: result.outcome,
    },
  );
  if (result.clock) suite.property('idp_clock_offset_seconds', String(result.clock.offsetSeconds));
  for (const module of result.modules) {
    const test = withProperties(
      suite
        .testCase()
        .className(`conform.${result.vendor}`)
        .name(module.id)
        .time(module.durationMs / 1000),
      {
        title: module.title,
        status: module.status,
        rule: module.rule,
        source: module.source,
      },
    );
    const details = module.evidence.map((e) => `${e.level}: ${e.message}`).join('\n');
    if (module.status === 'FAILED' && !module.expected) test.failure(module.summary, 'conformance').standardOutput(details);
    else if (module.status === 'SKIPPED') test.skipped().standardOutput(module.summary);
    else {
      if (module.expected) test.property('expected_failure', 'true');
      test.standardOutput(`${module.status}: ${module.summary}\n${details}`);
    }
  }
  return builder.build();
}
