import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The built files land in dist/, which tauri.conf.json names as frontendDist and cargo
// embeds into the binary at compile time: build the UI before compiling the app.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    // No inline <script> or data: modules: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Two pages: the window's UI, and the room's participant page (served by the room
    // server, src-tauri/room, which embeds dist/participant.html and dist/assets).
    rollupOptions: {
      input: { main: "index.html", participant: "participant.html" },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test-setup.ts"],
    include: ["src/**/*.test.ts"],
  },
});
