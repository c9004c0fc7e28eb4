/**
 * The library entry point: run the receiver inside a test suite (startReceiver), judge a token
 * offline (checkToken), or make the token an IdP would send (mint, with the CLI's options).
 * `import` and `require` both load this one module (dist/index.mjs re-exports dist/index.js), so
 * there is one copy of each class.
 */
export { startReceiver, type Receiver } from './library/receiver';
export type { StartReceiverOptions, TenantInput, ConfigInput } from './library/options';
export type { ReceiverClock } from './library/clock';
export type { Attempt, AttemptFilter, User, UserFilter, Session, SessionFilter } from './library/records';
export { AttemptTimeoutError } from './library/wait';
export { checkToken } from './library/check-token';
export { mint, MintOptionsError, type MintOptions, type Minted } from './mint/mint';
export { breakKinds, type BreakKind } from './mint/breaks';

export { Clock } from './clock';
export { ERROR_CODES, ReceiverError, ConfigError, type ErrorCode } from './errors';
export { PROFILES, type ProfileId, type Profile } from './vendors';
export { createApp } from './http/app';
export { startServer, type RunningServer } from './server';
export { loadConfig, parseConfig, type ReceiverConfig } from './config/load';
export type { Verdict, Check, CheckStatus, Finding } from './verify/verdict';

// Writing a vendor of one's own (a plug-in: `registerVendor`, or `serve --vendor-module <file>`):
// the plug-in type, and the pieces the built-in vendors are made of.
export { registerVendor, VENDORS, type Vendor, type EntryRoute } from './vendors';
export {
  examplePath,
  emailIdentity,
  stringClaim,
  type ClaimRule,
  type ClaimKind,
  type ConsumeRoute,
  type Identity,
  type TimeRuleInput,
  type TimeRuleResult,
} from './verify/contract';
export { iatMaxAgeWindow, iatMaxAgeWindowText } from './verify/time-window';
export { vendorOption, optionValue, type VendorOption, type VendorOptionTable } from './config/setting';
export {
  DEFAULT_TOLERANCE_SECONDS,
  splitName,
  userIdFor,
  type TokenFactory,
  type TimeModel,
  type TokenSpec,
  type BreakDef,
  type Subject,
} from './mint/factory';
export { fixtureCase, editClaims, withoutClaims, type FixtureCase } from './mint/fixture-case';
export { queryRequest, formPostRequest, jsonPostRequest } from './mint/delivery';
export { pass, warn, fail, skip } from './verify/verdict';

// Conformance runs: drive an IdP through its vendor's plan against a receiver (CLI `conform`).
export { conform, type ConformOptions } from './conform/run';
export { planFor } from './conform/plan';
export {
  clockOffset,
  clockOffsetsByClient,
  clockSample,
  clockSamples,
  type ClockOffset,
  type ClientClockOffset,
  type ClockSample,
} from './conform/clock-offset';
export { HttpDriver } from './conform/drivers/http';
export { BrowserDriver } from './conform/drivers/browser';
export { InteractiveDriver } from './conform/drivers/interactive';
export type { Driver } from './conform/drivers/types';
export { parseScript, loadScript, type BrowserScript } from './conform/script';
export { junitReport } from './conform/reports/junit';
export { htmlReport } from './conform/reports/html';
export { jsonReport } from './conform/reports/json';
export type { ConformResult, ModuleResult, ModuleStatus, Evidence, CaptureView, PlanHooks, PlanModule, UserSlot } from './conform/types';
