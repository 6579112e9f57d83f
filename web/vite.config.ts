/**
 * The workbench front end: plain TypeScript and DOM, charts with Observable Plot.
 * `vite build web` writes web/dist, which `entente serve` serves. `vite web` runs a
 * dev server that forwards /api to a workbench started with `entente serve`.
 */
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ comments in places Rollup ignores; harmless.
      onwarn(warning, warn) {
        if (warning.code === "INVALID_ANNOTATION") return;
        warn(warning);
      },
    },
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/api": `http://127.0.0.1:${process.env.ENTENTE_PORT ?? "8765"}` },
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
  },
});
