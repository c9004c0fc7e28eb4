import type { ConsumeRoute, Profile } from '../verify/contract';

/** A consume route's path as a pattern (`/login/authenticate-callback/:usId` -> `[^/]+` for the parameter). */
export function routePattern(route: ConsumeRoute): RegExp {
  const body = route.path
    .split(/(:[A-Za-z]+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The consume route a path (relative to the tenant) is, if any. */
export function consumeRouteOf(contract: Profile, relativePath: string): ConsumeRoute | undefined {
  return contract.consume.find((route) => routePattern(route).test(relativePath));
}

/** Shaped like a compact JWS (three base64url parts), the way the drivers spot a token to hide it. */
export const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
