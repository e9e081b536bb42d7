import { defineConfig } from "vite";

// Built into the API's wwwroot/app (served by MapStaticAssets, index.html as the fallback of the app's routes).
export default defineConfig({
  base: "/app/",
  build: {
    outDir: "../Progression.Api/wwwroot/app",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: true,
    // ECharts is one lazily loaded chunk of about 490 kB (167 kB gzip): only the case page and the dashboard load it.
    chunkSizeWarningLimit: 600,
  },
});
