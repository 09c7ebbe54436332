import { describe, expect, it } from 'vitest';
import { baseClassOf, engineOfStack, mlEngineOf, type FrameLike } from '../../src/trace/engines.js';

const bin = (binaryName: string, binaryPath: string | null = null, name = 'f'): FrameLike => ({ name, binaryName, binaryPath });
const sym = (name: string): FrameLike => ({ name, binaryName: null, binaryPath: null });

describe('engine attribution rules', () => {
  it('knows the ML binaries by name', () => {
    const cases: [string, string | null][] = [
      ['AppleNeuralEngine', 'neuralEngine'],
      ['ANECompiler', 'neuralEngine'],
      ['ANEServices', 'neuralEngine'],
      ['AppleH11ANEInterface', 'neuralEngine'],
      ['Metal', 'gpu'],
      ['MetalPerformanceShadersGraph', 'gpu'],
      ['MPSNeuralNetwork', 'gpu'],
      ['AGXMetalG13X', 'gpu'],
      ['libBNNS.dylib', 'cpuCompute'],
      ['libBLAS.dylib', 'cpuCompute'],
      ['vImage', 'cpuCompute'],
      ['CoreML', 'coremlOverhead'],
      ['Espresso', 'coremlOverhead'],
      ['MIL', 'coremlOverhead'],
      ['libsystem_kernel.dylib', null],
      ['CoreMLHelpers', null], // a third-party framework is not Core ML
      ['MetalKit', null],
    ];
    for (const [name, engine] of cases) expect(mlEngineOf(bin(name)), name).toBe(engine);
  });

  it('uses symbols only when a frame has no binary', () => {
    expect(mlEngineOf(sym('-[_ANEClient evaluateWithModel:options:request:qos:error:]'))).toBe('neuralEngine');
    expect(mlEngineOf(sym('Espresso::net::__forward(int)'))).toBe('coremlOverhead');
    expect(mlEngineOf(sym('-[MLModel predictionFromFeatures:error:]'))).toBe('coremlOverhead');
    expect(mlEngineOf(sym('BNNSFilterApply'))).toBe('cpuCompute');
    expect(mlEngineOf(sym('-[MTLCommandBuffer commit]'))).toBe('gpu');
    expect(mlEngineOf(sym('MLModelWrapper.run()'))).toBe(null);
    // The binary decides when there is one: BNNS symbols inside the app are the app's code.
    expect(mlEngineOf(bin('VisionApp', '/private/var/containers/Bundle/Application/X/VisionApp.app/VisionApp', 'BNNSFilterApply'))).toBe(null);
  });

  it("tells the app's own code from the system's", () => {
    const apps = new Set(['VisionApp']);
    expect(baseClassOf(bin('VisionApp', '/private/var/containers/Bundle/Application/X/VisionApp.app/VisionApp'), apps)).toBe('app');
    expect(baseClassOf(bin('onnxruntime', '/private/var/containers/Bundle/Application/X/VisionApp.app/Frameworks/onnxruntime.framework/onnxruntime'), apps)).toBe('app');
    expect(baseClassOf(bin('libsystem_kernel.dylib', '/usr/lib/system/libsystem_kernel.dylib'), apps)).toBe('system');
    expect(baseClassOf(bin('UIKitCore', '/System/Library/PrivateFrameworks/UIKitCore.framework/UIKitCore'), apps)).toBe('system');
    expect(baseClassOf(bin('dyld', '/usr/lib/dyld'), apps)).toBe('system');
    expect(baseClassOf(bin('VisionApp'), apps)).toBe('app');
    expect(baseClassOf(sym('0x1044f3c20'), apps)).toBe('unknown');
  });

  it('gives a stack to its leaf-most ML frame, else to its leaf', () => {
    const kernel = bin('libsystem_kernel.dylib', '/usr/lib/system/libsystem_kernel.dylib', 'mach_msg2_trap');
    const ane = bin('AppleNeuralEngine', '/System/Library/PrivateFrameworks/AppleNeuralEngine.framework/AppleNeuralEngine');
    const coreml = bin('CoreML', '/System/Library/Frameworks/CoreML.framework/CoreML');
    const app = bin('VisionApp', '/private/var/containers/Bundle/Application/X/VisionApp.app/VisionApp');
    const none = new Set<string>();
    expect(engineOfStack([kernel, ane, coreml, app], none)).toBe('neuralEngine');
    expect(engineOfStack([kernel, coreml, app], none)).toBe('coremlOverhead');
    expect(engineOfStack([kernel, app], none)).toBe('system');
    expect(engineOfStack([app, kernel], none)).toBe('app');
    expect(engineOfStack([], none)).toBe('unknown');
  });
});
