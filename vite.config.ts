import { defineConfig } from "vite";

// The playground: a static site (no server needed for any feature) built to dist-playground/.
export default defineConfig({
  root: "playground",
  base: "./",
  build: {
    outDir: "../dist-playground",
    emptyOutDir: true,
    // The Monaco editor core is about 4 MB minified; the figure is tracked in docs/performance.md.
    chunkSizeWarningLimit: 5000,
    target: "es2022",
  },
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
});
