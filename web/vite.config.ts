import { defineConfig } from "vite";

// The server (collegium serve) serves web/dist and answers /api; in development
// `npm run dev` proxies /api to a server started on port 8080 (COLLEGIUM_API overrides).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2020" },
  server: {
    proxy: { "/api": { target: process.env.COLLEGIUM_API ?? "http://127.0.0.1:8080", changeOrigin: false } },
  },
});
