/**
 * Engine attribution: which engine a sample's CPU time works for. Rules are data, first match
 * wins; docs/trace.md lists them with the evidence for each binary name.
 *
 * A sample belongs to the engine of the leaf-most frame (the one nearest to where the CPU was)
 * that matches an ML rule: time in `mach_msg` called by the Neural Engine client counts for the
 * Neural Engine, a `memcpy` inside Espresso for Core ML overhead, BNNS called by Espresso for CPU
 * compute. A stack with no ML frame belongs to its leaf: the app's own code (a binary outside the
 * system locations, or named as the profiled process) or the system. Binary rules decide when a
 * frame has a binary; symbol rules only when it has none (Deep Copy text, JIT code).
 *
 * These are CPU samples: "neuralEngine" is CPU time spent driving the Neural Engine (submitting,
 * waiting), not the Neural Engine's own execution time, which only `ane-hw-intervals` shows.
 */
import type { EngineName } from './model.js';

export type MlEngine = Exclude<EngineName, 'app' | 'system' | 'unknown'>;

export interface EngineRule {
  engine: MlEngine;
  /** Matches the binary's name (the last component of its path). */
  binary?: RegExp;
  /** Matches the symbol of a frame that has no binary. */
  symbol?: RegExp;
  /** How the names were checked. */
  evidence: string;
}

export const ENGINE_RULES: readonly EngineRule[] = [
  {
    engine: 'neuralEngine',
    binary: /^(AppleNeuralEngine|ANECompiler|ANEServices|ANEClientSignals|AppleH1\dANEInterface)$/,
    evidence:
      'verified: /System/Library/PrivateFrameworks/{AppleNeuralEngine,ANECompiler,ANEServices,ANEClientSignals}.framework in crash-report image lists and dlopen paths; AppleH11ANEInterface is the kernel driver (kernel stacks)',
  },
  {
    engine: 'neuralEngine',
    symbol: /^[-+]\[_ANE|^_ANE[A-Z]|^ANEServices::|^H1\dANE/,
    evidence: 'Objective-C classes _ANEClient, _ANEModel… of AppleNeuralEngine (class dumps)',
  },
  {
    engine: 'gpu',
    binary:
      /^(Metal|MetalTools|MetalPerformanceShaders|MetalPerformanceShadersGraph|MPSCore|MPSNeuralNetwork|MPSNDArray|MPSMatrix|MPSImage|MPSFunctions|MPSRayIntersector|MPSBenchmarkLoop|AGX\w+|IOGPU|GPUCompiler)$/,
    evidence:
      'verified: Metal.framework and MetalPerformanceShaders(Graph).framework are public; MPSCore, MPSNeuralNetwork, MPSNDArray, MPSRayIntersector under MetalPerformanceShaders.framework/Frameworks (class dumps, crash reports); AGXMetal* are the GPU drivers in /System/Library/Extensions (crash reports). IOGPU, GPUCompiler: not verified',
  },
  {
    engine: 'gpu',
    symbol: /^[-+]\[(_?MTL|MPS)|^MTL[A-Z]|^MPSGraph|^AGX/,
    evidence: 'Metal (MTL*) and MPS (MPS*) Objective-C prefixes',
  },
  {
    engine: 'cpuCompute',
    binary: /^(Accelerate|vecLib|vImage|libBNNS\.dylib|libBLAS\.dylib|libLAPACK\.dylib|libvDSP\.dylib|libvMisc\.dylib|libLinearAlgebra\.dylib|libSparse\.dylib|libSparseBLAS\.dylib|libQuadrature\.dylib|libvImage\.dylib)$/,
    evidence:
      'verified: Accelerate.framework/Frameworks/vecLib.framework/{libBNNS,libBLAS,libvMisc,libLinearAlgebra}.dylib and vImage.framework in image lists; libLAPACK, libvDSP, libSparse*: same directory per Apple docs, not checked one by one',
  },
  {
    engine: 'cpuCompute',
    symbol: /^(BNNS|bnns_|cblas_|vDSP_|vImage|appleblas_)/,
    evidence: 'public Accelerate API prefixes (BNNS*, cblas_*, vDSP_*, vImage*)',
  },
  {
    engine: 'coremlOverhead',
    binary: /^(CoreML|Espresso|MIL|MLCompilerRuntime|MLCompilerServices|libmlc_rt\.dylib|MLAssetIO|CoreMLOdieModel)$/,
    evidence:
      'verified: CoreML.framework (public), /System/Library/PrivateFrameworks/{Espresso,MIL,MLCompilerRuntime,MLAssetIO}.framework and MLCompilerRuntime.framework/Libraries/libmlc_rt.dylib in image lists and install names; MLCompilerServices, CoreMLOdieModel: not verified',
  },
  {
    engine: 'coremlOverhead',
    symbol: /^[-+]\[(ML[A-Z]|_ML)|^(CoreML|Espresso|espresso_|MIL)::|^espresso_|^E5RT|^e5rt_/,
    evidence: 'CoreML Objective-C classes (MLModel, MLNeuralNetworkEngine…), Espresso and MIL C++ namespaces',
  },
];

/** Binaries in these locations are the system's, not the app's. */
export const SYSTEM_PATH = /^(\/System\/|\/usr\/lib\/|\/usr\/libexec\/|\/Library\/Apple\/|\/AppleInternal\/|\/private\/preboot\/Cryptexes\/|\/System\/Cryptexes\/|\/Applications\/Xcode[^/]*\.app\/)/;
export const SYSTEM_NAME = /^(kernel(\.[\w.]+)?|mach_kernel|dyld|dyld_sim|\w+\.kext)$/;

export interface FrameLike {
  name: string | null;
  binaryName: string | null;
  binaryPath: string | null;
}

/** The ML engine a frame belongs to, or null. */
export function mlEngineOf(f: FrameLike): MlEngine | null {
  for (const r of ENGINE_RULES) {
    if (f.binaryName !== null) {
      if (r.binary?.test(f.binaryName)) return r.engine;
    } else if (f.name !== null && r.symbol?.test(f.name)) return r.engine;
  }
  return null;
}

/** app / system / unknown for a frame with no ML engine. `appNames` are the profiled processes' names. */
export function baseClassOf(f: FrameLike, appNames: ReadonlySet<string>): 'app' | 'system' | 'unknown' {
  if (f.binaryPath !== null && f.binaryPath !== '') {
    if (SYSTEM_PATH.test(f.binaryPath) || SYSTEM_NAME.test(f.binaryName ?? '')) return 'system';
    return 'app';
  }
  if (f.binaryName !== null) {
    if (appNames.has(f.binaryName)) return 'app';
    if (SYSTEM_NAME.test(f.binaryName)) return 'system';
  }
  return 'unknown';
}

/** Engine of a stack given leaf first. */
export function engineOfStack(frames: readonly FrameLike[], appNames: ReadonlySet<string>): EngineName {
  for (const f of frames) {
    const e = mlEngineOf(f);
    if (e) return e;
  }
  const leaf = frames[0];
  return leaf ? baseClassOf(leaf, appNames) : 'unknown';
}

/**
 * A Deep Copy names no binaries: which frames are the system's is read from the symbol. These are
 * the exported symbols of the system libraries every app links (first match wins); any other
 * symbol with a stack is the app's own code (or a library it ships). Only for frames without a
 * binary in a Deep Copy: xctrace exports decide by the binary's path.
 */
export const SYSTEM_SYMBOLS: readonly { symbol: RegExp; library: string }[] = [
  { symbol: /^(<Unknown Address>|0x[0-9a-fA-F]+|\?\?\?)$/, library: '(unsymbolicated: unknown)' },
  { symbol: /^(start$|_dyld_start|dyld\d*::|_dyld_|dyld_|mach_o::|DYLD-STUB\$\$|invocation function for block in (dyld\d*|mach_o)::)/, library: 'dyld (and dyld stubs)' },
  { symbol: /^(_?malloc|_?calloc|_?realloc|_?free$|_free|posix_memalign|szone_|small_|tiny_|medium_|nanov2_|nano_|mvm_|rack_|allocate_pages|mfm_|xzm_)/, library: 'libsystem_malloc.dylib' },
  { symbol: /^(_?mach_|_kernelrpc_|__psynch|__semwait|__workq|__ulock|__bsdthread|__pthread|__kdebug_trace|__open|__read|__write|__close|__mmap|__munmap|__mprotect|__select|__sigwait|__wait4|__exit|_?syscall|kevent|semaphore_|thread_switch|swtch_pri)/, library: 'libsystem_kernel.dylib' },
  { symbol: /^(_?os_|_platform_|platform_|_?memcpy$|_?memmove$|_?memset$|_?bzero$|_?strlen$|_?strcmp$)/, library: 'libsystem_platform.dylib' },
  { symbol: /^(_?pthread_|start_wqthread$|thread_start$)/, library: 'libsystem_pthread.dylib' },
  { symbol: /^_?dispatch_/, library: 'libdispatch.dylib' },
  { symbol: /^(_?objc_|class_|object_|sel_|[-+]\[NSObject )/, library: 'libobjc.A.dylib' },
  { symbol: /^(_?CF[A-Z]|__CF)/, library: 'CoreFoundation' },
  { symbol: /^([-+]\[NS|_NS[A-Z])/, library: 'Foundation' },
  { symbol: /^(std::__1::|std::__2::|__cxa_|__gxx_|operator new|operator delete|_Unwind_)/, library: 'libc++ (std::__1 is its namespace; Rust\'s std:: is in the app)' },
  { symbol: /^(_?swift_|__swift_)/, library: 'libswiftCore.dylib (runtime)' },
  { symbol: /^(mach_absolute_time|clock_gettime|gettimeofday|_?nanosleep|usleep|stat|fstat|lstat|open|close|read|write|mmap|munmap)$/, library: 'libsystem_c.dylib / libsystem_kernel.dylib' },
];

/** app / system / unknown of a Deep Copy frame (it has a stack, no binary) by its symbol. */
export function deepCopyClassOf(symbol: string): 'app' | 'system' | 'unknown' {
  for (const r of SYSTEM_SYMBOLS) if (r.symbol.test(symbol)) return r.library.startsWith('(unsymbolicated') ? 'unknown' : 'system';
  return 'app';
}
