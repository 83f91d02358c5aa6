// Builds the page into dist/app/page, where the app's server finds it (see ../page-dir.ts).
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../../../dist/app/page", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
});
