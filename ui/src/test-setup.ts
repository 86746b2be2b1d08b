import "@testing-library/jest-dom/vitest";

// jsdom has no layout, hence no ResizeObserver (Svelte's bind:clientHeight uses it). Nothing
// ever resizes in jsdom, so an observer that never fires is faithful.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver as unknown as typeof ResizeObserver;
