// Saaty's 1–9 scale for a pairwise comparison, one list for the window's sliders and the
// participant's page: a step −8 … 8, 0 = equal; step k > 0 says the left driver matters
// k + 1 times as much as the right one, k < 0 the other way round. The store keeps the value
// (how much the left driver matters more: 1/9 … 9).

/** Saaty's words for intensities 1 … 9, by step 0 … 8. */
export const VERBAL = [
  "equal",
  "equal to moderate",
  "moderate",
  "moderate to strong",
  "strong",
  "strong to very strong",
  "very strong",
  "very to extremely strong",
  "extreme",
] as const;

/** Every step, from the right driver mattering extremely more to the left one doing so. */
export const STEPS: readonly number[] = Array.from({ length: 17 }, (_, i) => i - 8);

/** A stored value as a step (null, not compared, shows as equal). */
export const toStep = (value: number | null): number =>
  value === null ? 0 : value >= 1 ? Math.min(8, Math.round(value) - 1) : -Math.min(8, Math.round(1 / value) - 1);

/** A step as the value to store. */
export const toValue = (step: number): number => (step >= 0 ? step + 1 : 1 / (1 - step));

/** "Scalability matters more than Cost: strong (5)", in full words for a screen reader. */
export function describeStep(left: string, right: string, step: number): string {
  if (step === 0) return `${left} and ${right} matter equally`;
  const [more, less] = step > 0 ? [left, right] : [right, left];
  return `${more} matters more than ${less}: ${VERBAL[Math.abs(step)]} (${Math.abs(step) + 1})`;
}

/** The short label of a step in a list of choices that names both drivers already. */
export function stepLabel(left: string, right: string, step: number): string {
  if (step === 0) return "Equally (1)";
  return `${step > 0 ? left : right}: ${VERBAL[Math.abs(step)]} (${Math.abs(step) + 1})`;
}
