// The UI never turns text into markup: no raw HTML sinks and no code from strings anywhere in
// the source, so every session text (typed or imported) renders as plain text. See SECURITY.md.
import { describe, expect, it } from "vitest";

const files = import.meta.glob<string>(["./**/*.svelte", "./**/*.ts", "!./**/*.test.ts", "!./bindings/**", "!./test/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});

const sinks = [/\{@html/, /innerHTML/, /outerHTML/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/];

describe("UI source", () => {
  it("has no raw HTML sink and no code from strings", () => {
    expect(Object.keys(files).length).toBeGreaterThan(20);
    const found = Object.entries(files).flatMap(([file, text]) => sinks.filter((sink) => sink.test(text)).map((sink) => `${file}: ${sink}`));
    expect(found).toEqual([]);
  });
});
