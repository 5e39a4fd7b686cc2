import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The SolidJS app in web/, built into web/dist and served by the Worker as static assets. */
export default defineConfig({
  root: 'web',
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
