import { newQuickJSWASMModuleFromVariant, QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten';

const PAGE = 65536;

/** A WebAssembly.Memory, as far as the sandbox uses it (the DOM typings that declare it are not loaded). */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
}
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => LinearMemory } }).WebAssembly;
const INITIAL_BYTES = 16 * 1024 * 1024;

export interface SandboxModule {
  module: QuickJSWASMModule;
  /** The instance's linear memory: it can grow to `maximumBytes` and no further. */
  memory: LinearMemory;
}

/**
 * A new, independent QuickJS WebAssembly instance (the release build: no native code, the same file
 * on every Node version and platform) whose linear memory is capped at `maximumBytes`.
 *
 * The cap is what bounds memory for real: QuickJS's own per-runtime limit refuses single oversized
 * allocations and bounds the object heap, but in this build it does not add up string and typed
 * array storage. With a fixed maximum, a failed memory.grow makes malloc fail and QuickJS throws
 * "out of memory". Loaded with require rather than the variant's dynamic import(), which test
 * runners without ESM support cannot follow.
 */
export async function newQuickJSModule(maximumBytes: number): Promise<SandboxModule> {
  const maximum = Math.max(INITIAL_BYTES, Math.ceil(maximumBytes / PAGE) * PAGE);
  const memory = new Memory({ initial: INITIAL_BYTES / PAGE, maximum: maximum / PAGE });
  const variant: QuickJSSyncVariant = {
    type: 'sync',
    importFFI: () => Promise.resolve((require('@jitl/quickjs-wasmfile-release-sync/ffi') as { QuickJSFFI: never }).QuickJSFFI),
    importModuleLoader: () => {
      const loaded = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as { default?: unknown };
      const factory = (loaded.default ?? loaded) as (options: Record<string, unknown>) => Promise<unknown>;
      return Promise.resolve((() => factory({ wasmMemory: memory })) as never);
    },
  };
  return { module: await newQuickJSWASMModuleFromVariant(variant), memory };
}
