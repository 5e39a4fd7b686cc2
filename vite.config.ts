import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { firstLoadReport } from './scripts/build/first-load-size.ts';
import { assetHeadersFile } from './worker/src/security/headers.ts';

/** Writes the static assets' `_headers` (CSP, HSTS, nosniff, frame denial) from the Worker's own policy. */
function securityHeaders(): Plugin {
  return {
    name: 'chimera-security-headers',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: assetHeadersFile() });
    },
  };
}

/** The SolidJS app in web/, built into web/dist and served by the Worker as static assets. */
export default defineConfig({
  root: 'web',
  plugins: [solid(), securityHeaders(), firstLoadReport()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
