/**
 * Who signs the request to the function URL (README "Signing modes"): the
 * edge function with its own role, or CloudFront's Origin Access Control.
 * One list, used by the config schema, the edge package, the edge function
 * and the API's settings. No zod here: the edge bundle imports it.
 */
export const SIGNING_MODES = ['edge-sigv4', 'oac'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];
