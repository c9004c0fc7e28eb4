import type { ConsumeRoute } from '../vendors';
import { safeReturnPath, type ReturnRules } from '../verify/return-to';
import type { Check, Verdict } from '../verify/verdict';
import { paramValues } from './params';
import type { ReceiverContext } from './state';

/** Paths under `/` that belong to other tenants or to the receiver, not to the default tenant. */
const OTHER_THAN_DEFAULT_TENANT = ['/t/', '/_receiver'];

/** The open-redirect rules of this tenant at this address. */
function returnRules(ctx: ReceiverContext): ReturnRules {
  const { tenant, basePath } = ctx.state;
  return {
    notThisTenant: basePath === '' ? OTHER_THAN_DEFAULT_TENANT : [],
    allowedHosts: tenant.profile.returnHosts?.(tenant.options) ?? [],
    ownPrefix: basePath,
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    ownOrigin: `${ctx.protocol}://${ctx.host}`,
  };
}

/**
 * Where an accepted login lands: the route's return parameter, else the profile's return claim,
 * judged by the open-redirect rules; the profile's home when the vendor has neither.
 */
export function landingPage(ctx: ReceiverContext, route: ConsumeRoute, verdict: Verdict): { path: string; absolute?: boolean; check?: Check } {
  const homePath = route.homePath ?? ctx.state.tenant.profile.homePath;
  if (!route.returnParam) return { path: homePath };
  const given = paramValues(ctx, route.returnParam);
  const fromClaim = route.returnClaim ? verdict.claims?.[route.returnClaim] : undefined;
  const value = given.length > 1 ? given : (given[0] ?? (typeof fromClaim === 'string' ? fromClaim : undefined));
  return safeReturnPath(value, homePath, route.returnParam, returnRules(ctx));
}

/**
 * A login the receiver started lands where the single-use value kept it (Discourse's return_sso_url),
 * judged by the same rules; its check takes the place of the route's own return check.
 */
export function keptLanding(ctx: ReceiverContext, route: ConsumeRoute, verdict: Verdict, kept: string): void {
  const target = safeReturnPath(kept, route.homePath ?? ctx.state.tenant.profile.homePath, 'return path', returnRules(ctx));
  ctx.state.returnPath = target.path;
  ctx.state.returnAbsolute = target.absolute === true;
  const at = verdict.checks.findIndex((c) => c.name === target.check.name);
  if (at >= 0) verdict.checks[at] = target.check;
  else verdict.checks.push(target.check);
}
