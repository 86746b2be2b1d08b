import { describe, expect, it } from "vitest";
import { fitText, textWidth } from "./chart";

describe("fitText", () => {
  it("keeps a name that fits and cuts a long one at the end, never the start", () => {
    expect(fitText("Microservices", 170, 14, true)).toBe("Microservices");
    const hostile = '"><img src=x onerror=alert(1)> Microservices with event sourcing';
    const fitted = fitText(hostile, 170, 14, true);
    expect(fitted.startsWith('"><img')).toBe(true);
    expect(fitted.endsWith("…")).toBe(true);
    expect(textWidth(fitted, 14, true)).toBeLessThanOrEqual(170);
  });

  it("measures wide letters wider than narrow ones", () => {
    expect(textWidth("WWWW", 10)).toBeGreaterThan(textWidth("iiii", 10) * 2);
  });
});
