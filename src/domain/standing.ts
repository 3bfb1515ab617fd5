/**
 * An organization's standing in an alliance (design notes, `Standing`; the essay's corrective
 * phase and exit protocol): good → review → warned (corrective window) → restored, or
 * disengaged. Every party starts in good standing; later issues (audits, warnings, exits) move it.
 */
export const STANDINGS = ['good', 'review', 'warned', 'restored', 'disengaged'] as const;
export type Standing = (typeof STANDINGS)[number];

export const INITIAL_STANDING: Standing = 'good';

export function isStanding(value: unknown): value is Standing {
  return typeof value === 'string' && (STANDINGS as readonly string[]).includes(value);
}
