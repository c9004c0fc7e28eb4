import { ZOHO_ASAP_CODES } from './zoho-asap/error-codes';

/**
 * The error codes only one vendor answers with, each table in its vendor's folder, listed here (one
 * line per vendor that has any). A data-only module: src/errors.ts joins these to the engine's codes
 * (a vendor may add codes, never redefine one), so the codes stay typed without errors.ts loading
 * the vendors themselves.
 */
export const VENDOR_ERROR_CODES = [ZOHO_ASAP_CODES] as const;
