/**
 * What a vendor folder may use of the HTTP layer, and nothing else: the types its routes are written
 * against, the page and session-cookie helpers its extra pages need. The import-boundary lint
 * (eslint.config.mjs) refuses every other src/http/ import from src/vendors/, so the HTTP layer's
 * internals can change without reaching into vendor folders; a helper a vendor needs is added here.
 */
export type { AppDeps, ReceiverContext, ReceiverRouter, ReceiverState, RoutedContext } from './state';
export { html, page } from './pages/html';
export { noRemoteLoginPage } from './pages/portal';
export { sendPortalPage } from './portal';
export { readSessionCookie, signedInUser, writeSessionCookie } from './middleware/session-cookie';
export { takeFlash } from './middleware/flash-cookie';
export { bindThisBrowser, issueOnceValue } from './once';
