#!/usr/bin/env node
// Bundles the pure-JavaScript libraries that rules and actions may `require` inside the sandbox
// (lodash, uuid, ipaddr.js, and buffer for the `Buffer` global) into src/generated/sandbox/, one
// self-contained script per library that evaluates to the library's exports. The sandbox loads them
// on first `require`. Runs at `npm install` (postinstall) and `npm run build`; the versions bundled
// are the ones in package-lock.json, written to versions.json for `require('name@version')`.
//
//   node scripts/sandbox-libraries.js
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'src', 'generated', 'sandbox');

// name inside the sandbox → package to bundle and the esbuild options it needs
const LIBRARIES = {
  lodash: { pkg: 'lodash', mainFields: ['main'] },
  uuid: { pkg: 'uuid', mainFields: ['module', 'main'], conditions: ['browser'] },
  'ipaddr.js': { pkg: 'ipaddr.js', mainFields: ['main'] },
  buffer: { pkg: 'buffer', mainFields: ['main'] },
};

async function main() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    if (fs.existsSync(path.join(outDir, 'versions.json'))) return 0;
    console.error('sandbox-libraries: esbuild is not installed (a development dependency); install with dev dependencies to build the sandbox libraries');
    return 1;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const versions = {};
  for (const [name, options] of Object.entries(LIBRARIES)) {
    const result = await esbuild.build({
      stdin: { contents: `module.exports = require(${JSON.stringify(options.pkg)});`, resolveDir: root, sourcefile: `${name}.js` },
      bundle: true,
      format: 'iife',
      globalName: '__library',
      platform: 'neutral',
      target: 'es2020',
      mainFields: options.mainFields,
      conditions: options.conditions ?? [],
      minify: true,
      legalComments: 'inline',
      write: false,
      logLevel: 'error',
    });
    // The sandbox evaluates the file as a script and takes the value of its last expression.
    fs.writeFileSync(path.join(outDir, `${name}.js`), `${result.outputFiles[0].text}\n__library;\n`);
    versions[name] = require(path.join(root, 'node_modules', options.pkg, 'package.json')).version;
  }
  fs.writeFileSync(path.join(outDir, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
