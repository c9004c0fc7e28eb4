import type { CheckDetail } from './verdict';

/** A claim's JSON type as a message names it (`null`, `array`, `object`, ...). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

export const missing = (claim: string): CheckDetail => ({ claim, reason: 'missing' });
export const wrongType = (claim: string, actual: unknown): CheckDetail => ({ claim, reason: 'wrong_type', actual });
