// Bundles every entry point for Node 20: the CLI (hooks and shims run it), the extension, the language server.
import { build } from 'esbuild';
import { copyFile, mkdir, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const outdir = 'dist';
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
];

await mkdir(outdir, { recursive: true });
await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: { [entry.out]: entry.in },
      outdir,
      bundle: true,
      platform: 'node',
      alias: {
        // jsonc-parser's CommonJS entry is a UMD wrapper esbuild cannot follow; its ESM build bundles cleanly.
        'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
        // web-tree-sitter's ESM build needs import.meta.url, which a CommonJS bundle lacks: take its CommonJS build.
        'web-tree-sitter': require.resolve('web-tree-sitter'),
      },
      target: 'node20',
      format: 'cjs',
      sourcemap: 'linked',
      minify: !watch,
      keepNames: true,
      legalComments: 'none',
      banner: entry.banner ? { js: entry.banner } : undefined,
      external: entry.external,
      logLevel: 'warning',
    }),
  ),
);
await chmod(path.join(outdir, 'cli.js'), 0o755);

// The parser's runtime and the bash grammar ship as wasm beside the bundles: no native module, one build for every platform.
await copyFile(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(outdir, 'tree-sitter.wasm'));
await copyFile(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(outdir, 'tree-sitter-bash.wasm'));
