// Builds the embeddable widget and the adviser console's script and stylesheet from
// frontend/src/ into api/static/, where the API serves them. `make widget` runs it.
//
//   node frontend/build.mjs           write the bundles
//   node frontend/build.mjs --check   exit 1 if a committed bundle differs from its sources
//
// The output is deterministic (same sources and esbuild version, same bytes), which is what lets
// the bundles be committed and checked.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'frontend', 'src');
const STATIC = path.join(ROOT, 'api', 'static');

const GENERATED =
  'Generated from frontend/src by frontend/build.mjs (`make widget`): edit the sources, not this file.';

// Parents' older phones and council staff's managed machines: no syntax newer than ES2017 (esbuild
// lowers anything newer or refuses to build).
const TARGET = ['es2017'];

const WIDGET_ENTRY = path.join(SRC, 'widget', 'widget.mjs');
const CONSOLE_ENTRY = path.join(SRC, 'adviser', 'console.mjs');

/** The entry's opening /*! ... *\/ comment, which heads the bundle. */
async function header(entry) {
  const match = /^\/\*![\s\S]*?\*\//.exec(await readFile(entry, 'utf8'));
  return match ? match[0] + '\n' : '';
}

// Each script is one classic script of its own, so the directive makes all of it (and nothing
// on the host page) strict, as the hand-written files were.
const BUILDS = [
  {
    // One file that councils embed with one <script> tag: the stylesheets go inside it as text,
    // drawn into the widget's Shadow DOM.
    entryPoints: [WIDGET_ENTRY],
    outfile: path.join(STATIC, 'widget.js'),
    format: 'iife',
    loader: { '.css': 'text' },
    target: TARGET,
    minify: true,
    legalComments: 'none',
    banner: { js: `${await header(WIDGET_ENTRY)}/* ${GENERATED} */\n'use strict';` },
  },
  {
    entryPoints: [CONSOLE_ENTRY],
    outfile: path.join(STATIC, 'adviser', 'console.js'),
    format: 'iife',
    target: TARGET,
    banner: { js: `${await header(CONSOLE_ENTRY)}/* ${GENERATED} */\n'use strict';` },
  },
  {
    entryPoints: [path.join(SRC, 'adviser', 'console.css')],
    outfile: path.join(STATIC, 'adviser', 'console.css'),
    target: TARGET,
    banner: { css: `/* ${GENERATED} */` },
  },
];

async function build() {
  const outputs = [];
  for (const options of BUILDS) {
    const result = await esbuild.build({
      ...options,
      bundle: true,
      write: false,
      charset: 'utf8',
      logLevel: 'warning',
    });
    for (const file of result.outputFiles) outputs.push({ path: file.path, bytes: file.contents });
  }
  return outputs;
}

async function differs(file) {
  try {
    return !Buffer.from(file.bytes).equals(await readFile(file.path));
  } catch (error) {
    if (error.code === 'ENOENT') return true;
    throw error;
  }
}

function describe(file) {
  const gzipped = gzipSync(file.bytes, { level: 9 }).length;
  return `${path.relative(ROOT, file.path)}: ${file.bytes.length} bytes, ${gzipped} gzipped`;
}

const outputs = await build();
if (process.argv.includes('--check')) {
  const stale = [];
  for (const file of outputs) if (await differs(file)) stale.push(path.relative(ROOT, file.path));
  if (stale.length) {
    console.error(
      `error: ${stale.join(', ')} ${stale.length === 1 ? 'does' : 'do'} not match frontend/src: ` +
        'run `make widget` and commit the result.'
    );
    process.exit(1);
  }
  console.log('The committed bundles match frontend/src.');
} else {
  for (const file of outputs) {
    if (await differs(file)) await writeFile(file.path, file.bytes);
    console.log(describe(file));
  }
}
