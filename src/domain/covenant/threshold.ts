/**
 * Threshold values: decimals are strings, never floats (a covenant is signed byte for byte, and
 * "10000.00" must stay "10000.00"). A decimal is `-?(0|[1-9][0-9]*)(.[0-9]+)?` with at most 18
 * digits on each side: no exponent, no leading zeros, no "+", no thousands separators.
 */
import type { Threshold } from './schema.js';

export const DECIMAL = /^-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,18})?$/;

export function isDecimal(s: unknown): s is string {
  return typeof s === 'string' && DECIMAL.test(s);
}

/** Plain-text threshold, language-neutral: "> 365", "= false", "change over 2 cycles <= -40%". */
export function thresholdText(t: Threshold): string {
  if (t.changeOverWindow !== undefined) return `change over ${t.changeOverWindow.cycles} cycles ${t.comparison} ${t.changeOverWindow.percent}%`;
  return `${t.comparison} ${String(t.value)}`;
}

/** Just the number (or window) when two thresholds share a comparison: "365", "-40% over 2 cycles". */
export function thresholdValueText(t: Threshold): string {
  if (t.changeOverWindow !== undefined) return `${t.changeOverWindow.percent}% over ${t.changeOverWindow.cycles} cycles`;
  return String(t.value);
}
