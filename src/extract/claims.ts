import type { BriefDocument, Claim } from '../document.js';

/** Numeric and date claims of a document (filled in by the claims extractor). */
export function extractClaims(_doc: BriefDocument): Claim[] {
  return [];
}
