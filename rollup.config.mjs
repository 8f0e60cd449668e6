// Builds every package: ESM + .d.ts for npm, and the widget's self-contained
// script-tag build (dist/script/parlor.js plus lazily loaded chunks).
// Configs run in order: core first, since server-kit and the script-tag
// build consume core's dist.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { builtinModules } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';

const pkg = (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));

/** Everything a package depends on stays an import in its npm build. */
function externals(name) {
  const p = pkg(name);
  const deps = [...Object.keys(p.dependencies ?? {}), ...Object.keys(p.peerDependencies ?? {}), ...Object.keys(p.optionalDependencies ?? {})];
  return (id) =>
    id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
}

/** TypeScript for one package; builds resolve sibling packages through their dist, not their source. */
function ts(name) {
  return typescript({
    tsconfig: `packages/${name}/tsconfig.json`,
    outDir: `packages/${name}/dist`,
    declarationDir: `packages/${name}/dist`,
    customConditions: [],
    sourceMap: true,
    noEmitOnError: true,
  });
}

/** Empties an output folder at build start, so stale hashed chunks never pile up or get measured. */
const clean = (dir) => ({
  name: 'parlor-clean',
  buildStart() {
    rmSync(dir, { recursive: true, force: true });
  },
});

const onwarn = (warning, warn) => {
  // livekit-client and lit use `this` at module scope in a harmless way.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  // zod's comments and its internal import cycle are harmless and noisy.
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
};

const builds = [
  {
    name: 'core',
    input: { index: 'packages/core/src/index.ts', protocol: 'packages/core/src/protocol/index.ts' },
    external: externals('core'),
    plugins: [clean('packages/core/dist'), ts('core')],
    output: { dir: 'packages/core/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    onwarn,
  },
  {
    name: 'server-kit',
    input: { index: 'packages/server-kit/src/index.ts', node: 'packages/server-kit/src/node.ts' },
    external: externals('server-kit'),
    plugins: [clean('packages/server-kit/dist'), ts('server-kit')],
    output: { dir: 'packages/server-kit/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    onwarn,
  },
  {
    name: 'widget',
    input: { index: 'packages/widget/src/index.ts' },
    external: externals('widget'),
    plugins: [clean('packages/widget/dist'), ts('widget')],
    output: { dir: 'packages/widget/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    onwarn,
  },
  {
    // The script-tag build: one small first file, the rest on demand.
    name: 'script',
    input: { parlor: 'packages/widget/src/script.ts' },
    plugins: [
      clean('packages/widget/dist/script'),
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      typescript({
        tsconfig: 'packages/widget/tsconfig.json',
        outDir: 'packages/widget/dist/script',
        declaration: false,
        declarationDir: undefined,
        customConditions: [],
        sourceMap: true,
        noEmitOnError: true,
      }),
      // Collapses whitespace in html`` and css`` templates: much of the widget is markup and styles.
      minifyHtmlLiterals(),
      terser({ format: { comments: false }, compress: { passes: 2 } }),
    ],
    output: {
      dir: 'packages/widget/dist/script',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    onwarn,
  },
];

// PARLOR_BUILD=core,script builds a subset (the names above); default all.
const only = process.env.PARLOR_BUILD?.split(',');
export default builds
  .filter((b) => !only || only.includes(b.name))
  .map(({ name: _name, ...config }) => config);
