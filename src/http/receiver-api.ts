import Router from '@koa/router';
import { addInspectionApi } from './api';
import { addDebuggerRoutes } from './debugger';
import type { AppDeps, ReceiverRouter, ReceiverState } from './state';

/** `/_receiver/*`: the receiver's own endpoints, outside every tenant (src/http/api/). */
export function receiverApi(deps: AppDeps): ReceiverRouter {
  const router = new Router<ReceiverState>({ prefix: '/_receiver' });
  addInspectionApi(router, deps);
  addDebuggerRoutes(router); // GET /_receiver/ and its assets: no data in them, so outside the API guard
  return router;
}
