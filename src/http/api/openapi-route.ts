import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { ApiGuard } from './access';
import type * as OpenApi from './openapi';

/**
 * GET /openapi.json. The document is written on the first request and kept: loading the response
 * schemas and turning every zod schema into JSON Schema was start-up time that serving a login,
 * or health, never needed. (`import type` above keeps the edge in sight of the import-boundary rules.)
 */
export function addOpenApiRoute(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  let document: Record<string, unknown> | undefined;
  router.get('/openapi.json', ...guard, function openApi(ctx: ReceiverContext) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    document ??= (require('./openapi') as typeof OpenApi).openApiDocument(deps.version);
    ctx.body = document;
  });
}
