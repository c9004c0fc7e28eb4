import { domainToASCII } from 'node:url';
import { z } from 'zod/v4';
import type { AnySchema } from './zod-v3';

/**
 * A setting's default with the sentence the README's configuration table shows. A vendor's own
 * tenant options sit in its folder (src/vendors/<id>/options.ts) as `VendorOption`s, which add the
 * zod type that validates them: `zod/v4`, or `zod` (v3), which a plug-in's `require('zod')` gives.
 */
export interface Setting<T> {
  value: T;
  doc: string;
}
export const setting = <T>(value: T, doc: string): Setting<T> => ({ value, doc });

/** A vendor's tenant option: how a value is validated, its default, and its README sentence. */
export interface VendorOption<S extends AnySchema = AnySchema, D extends S['_output'] | null = S['_output'] | null> extends Setting<D> {
  schema: S;
}
export const vendorOption = <S extends AnySchema, D extends S['_output'] | null>(schema: S, value: D, doc: string): VendorOption<S, D> => ({
  schema,
  value,
  doc,
});

/** A vendor's options by name. */
export type VendorOptionTable = Record<string, VendorOption>;

/** A vendor option's value on a tenant (absent: its documented default). */
export function optionValue<T extends VendorOptionTable, K extends keyof T & string>(
  options: Readonly<Record<string, unknown>>,
  table: T,
  name: K,
): NonNullable<T[K]['schema']['_output']> | T[K]['value'] {
  return (options[name] ?? table[name]!.value) as NonNullable<T[K]['schema']['_output']> | T[K]['value'];
}

export const seconds = z.number().int('must be a whole number').nonnegative('must not be negative');

/** `idp.example.com` or `*.example.com`, stored lower-cased with an IDN domain in punycode. */
export const domainPattern = z.string().transform((raw, ctx) => {
  const wildcard = raw.startsWith('*.');
  const host = (wildcard ? raw.slice(2) : raw).replace(/\.$/, '');
  // domainToASCII parses a URL host: it would cut `a.com/x` down to `a.com` and drop tabs, so refuse URL syntax first.
  const ascii = /[\s/?#\\@:]/.test(host) ? '' : domainToASCII(host);
  if (!ascii || ascii.includes('*') || ascii.split('.').includes('') || (!ascii.includes('.') && ascii !== 'localhost')) {
    ctx.addIssue({ code: 'custom', message: `must be a host name or *.domain (got ${JSON.stringify(raw)})` });
    return z.NEVER;
  }
  return wildcard ? `*.${ascii}` : ascii;
});
