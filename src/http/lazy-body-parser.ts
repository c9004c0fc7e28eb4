import type * as KoaBodyParser from '@koa/bodyparser';
import type { Next } from 'koa';
import type { ReceiverContext } from './state';

type BodyParserOptions = NonNullable<Parameters<typeof KoaBodyParser.bodyParser>[0]>;
type BodyParserMiddleware = ReturnType<typeof KoaBodyParser.bodyParser>;

/**
 * @koa/bodyparser's middleware, built on the first request that has a body to read. The package
 * and its parsers (co-body, qs, iconv-lite and the intrinsics qs pulls in) were start-up time that
 * serving a GET login, or health, never needed (`npm run bench`, start-up to ready).
 */
export function lazyBodyParser(options: BodyParserOptions): (ctx: ReceiverContext, next: Next) => Promise<void> {
  let parser: BodyParserMiddleware | undefined;
  return function parseBody(ctx: ReceiverContext, next: Next): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a third-party package loaded on first use, see above
    parser ??= (require('@koa/bodyparser') as typeof KoaBodyParser).bodyParser(options);
    return parser(ctx, next);
  };
}
