import { describe, expect, it } from "vitest";
import { describeStep, STEPS, stepLabel, toStep, toValue } from "./saaty";

describe("Saaty's scale", () => {
  it("maps every step to a value and back", () => {
    for (const step of STEPS) expect(toStep(toValue(step))).toBe(step);
    expect(STEPS).toHaveLength(17);
    expect([toValue(-8), toValue(0), toValue(8)]).toEqual([1 / 9, 1, 9]);
  });

  it("keeps the even intensities a window slider stores", () => {
    expect(toStep(4)).toBe(3);
    expect(toStep(1 / 2)).toBe(-1);
    expect(toStep(null)).toBe(0);
  });

  it("says which driver matters more, in words", () => {
    expect(describeStep("Cost", "Speed", 4)).toBe("Cost matters more than Speed: strong (5)");
    expect(describeStep("Cost", "Speed", -8)).toBe("Speed matters more than Cost: extreme (9)");
    expect(describeStep("Cost", "Speed", 0)).toBe("Cost and Speed matter equally");
    expect(stepLabel("Cost", "Speed", -2)).toBe("Speed: moderate (3)");
  });
});
