import { newQuickJSWASMModuleFromVariant, QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten';

// The release build of QuickJS (WebAssembly, no native code: the same file on every Node version
// and platform). Loaded with require rather than the variant's dynamic import(), which test
// runners without ESM support cannot follow.
const RELEASE_SYNC_REQUIRED: QuickJSSyncVariant = {
  type: 'sync',
  importFFI: () => Promise.resolve((require('@jitl/quickjs-wasmfile-release-sync/ffi') as { QuickJSFFI: never }).QuickJSFFI),
  importModuleLoader: () => {
    const loaded = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as { default?: unknown };
    return Promise.resolve((loaded.default ?? loaded) as never);
  },
};

/** A new, independent QuickJS WebAssembly instance (its own linear memory). */
export function newQuickJSModule(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModuleFromVariant(RELEASE_SYNC_REQUIRED);
}
