/**
 * Neural networks (`NeuralNetwork`, `NeuralNetworkClassifier`, `NeuralNetworkRegressor`; NeuralNetwork.proto):
 * layers by type (nested networks of `branch` and `loop` included) and the storage of every weight:
 * fp32 `floatValue`, fp16 `float16Value`, `rawValue` quantized with a look-up table or linearly, and
 * `int8RawValue`. Weight payloads are measured by their length only; they are never read.
 */
import { NN_ACTIVATION_LAYER, NN_ACTIVATION_WEIGHTS, NN_LAYER_NAMES, NN_LSTM_LAYERS, NN_LSTM_PARAMS_FIELD, NN_LSTM_WEIGHT_FIELDS, NN_NESTED_NETWORKS, NN_WEIGHT_FIELDS } from '../tables/nn-layers.js';
import type { Field, Msg } from './wire.js';

const MAX_NAME = 64 << 10;

export interface NNStorage {
  label: string;
  compressed: boolean;
  tensors: number;
  parameters: number;
  bytes: number;
  bits?: number;
  ops: string[];
}

export interface DecodedNetwork {
  layers: Map<string, number>;
  layerCount: number;
  nestedNetworks: number;
  firstLayer: Map<string, string>;
  storage: Map<string, NNStorage>;
  byDtype: Map<string, number>;
  updatableLayers: number;
  updateParams: { optimizer: string | null; losses: string[] } | null;
  classLabels: number | null;
}

function emptyNetwork(): DecodedNetwork {
  return { layers: new Map(), layerCount: 0, nestedNetworks: 0, firstLayer: new Map(), storage: new Map(), byDtype: new Map(), updatableLayers: 0, updateParams: null, classLabels: null };
}

/** Decodes a NeuralNetwork / -Classifier / -Regressor message (they share fields 1-10). */
export function decodeNeuralNetwork(msg: Msg, classifier: boolean): DecodedNetwork {
  const net = emptyNetwork();
  walkNetwork(msg, net);
  if (classifier) {
    msg.forEach((f) => {
      if (f.no === 100 || f.no === 101) net.classLabels = (net.classLabels ?? 0) + countVector(f, f.no === 100 ? 'stringClassLabels' : 'int64ClassLabels');
    });
  }
  return net;
}

/** Elements of a StringVector / Int64Vector / DoubleVector (field 1), counted without decoding strings. */
export function countVector(f: Field, name: string): number {
  let n = 0;
  f.message(name).forEach((v) => {
    if (v.no !== 1) return;
    if (name.startsWith('int64')) n += v.varints('class labels', 1 << 24).length;
    else n++;
  });
  return n;
}

function walkNetwork(msg: Msg, net: DecodedNetwork): void {
  msg.forEach((f) => {
    if (f.no === 1) decodeLayer(f.message('layers'), net);
    else if (f.no === 10) net.updateParams = decodeUpdateParams(f.message('updateParams'));
  });
}

function decodeLayer(msg: Msg, net: DecodedNetwork): void {
  let name = '';
  let kindNo = 0;
  let params: Msg | null = null;
  msg.forEach((f) => {
    if (f.no === 1) name = f.string('a layer name', MAX_NAME);
    else if (f.no === 10) {
      if (f.bool('isUpdatable')) net.updatableLayers++;
    } else if (f.no >= 100) {
      kindNo = f.no;
      params = f.message(NN_LAYER_NAMES.get(f.no) ?? 'layer');
    }
  });
  if (!params) {
    count(net, '(no layer type)', name);
    return;
  }
  const k = { no: kindNo };
  const type = NN_LAYER_NAMES.get(k.no) ?? `layer(${k.no})`;
  count(net, type, name);
  const p0 = params as Msg;
  const weightFields = NN_WEIGHT_FIELDS.get(k.no);
  const nested = NN_NESTED_NETWORKS.get(k.no);
  if (weightFields || nested || NN_LSTM_LAYERS.has(k.no) || k.no === NN_ACTIVATION_LAYER) {
    p0.forEach((p) => {
      if (weightFields?.includes(p.no)) weightParams(p.message('weights'), net, type);
      else if (nested?.includes(p.no)) {
        net.nestedNetworks++;
        walkNetwork(p.message('network'), net);
      } else if (NN_LSTM_LAYERS.has(k.no) && p.no === NN_LSTM_PARAMS_FIELD) {
        p.message('weightParams').forEach((w) => {
          if (NN_LSTM_WEIGHT_FIELDS.includes(w.no)) weightParams(w.message('weights'), net, type);
        });
      } else if (k.no === NN_ACTIVATION_LAYER) {
        const fields = NN_ACTIVATION_WEIGHTS.get(p.no);
        if (fields) {
          p.message('activation').forEach((a) => {
            if (fields.includes(a.no)) weightParams(a.message('weights'), net, type);
          });
        }
      }
    });
  }
}

function count(net: DecodedNetwork, type: string, name: string): void {
  net.layers.set(type, (net.layers.get(type) ?? 0) + 1);
  net.layerCount++;
  if (!net.firstLayer.has(type)) net.firstLayer.set(type, name);
}

function addStorage(net: DecodedNetwork, label: string, compressed: boolean, parameters: number, bytes: number, layerType: string, bits?: number): void {
  const s = net.storage.get(label) ?? { label, compressed, tensors: 0, parameters: 0, bytes: 0, ops: [], ...(bits !== undefined ? { bits } : {}) };
  s.tensors++;
  s.parameters += parameters;
  s.bytes += bytes;
  if (!s.ops.includes(layerType) && s.ops.length < 64) s.ops.push(layerType);
  net.storage.set(label, s);
}

function addDtype(net: DecodedNetwork, dtype: string, bytes: number): void {
  if (bytes > 0) net.byDtype.set(dtype, (net.byDtype.get(dtype) ?? 0) + bytes);
}

/** One WeightParams: its elements and the bytes it stores, by kind. */
function weightParams(msg: Msg, net: DecodedNetwork, layerType: string): void {
  let floats = 0;
  let fp16Bytes = 0;
  let rawBytes = 0;
  let int8Bytes = 0;
  let bits = 0;
  let lutEntries = 0;
  let linearValues = 0;
  let quantKind: 'lut' | 'linear' | null = null;
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        floats += f.fixedCount(4, 'floatValue');
        break;
      case 2:
        fp16Bytes += f.length;
        break;
      case 30:
        rawBytes += f.length;
        break;
      case 31:
        int8Bytes += f.length;
        break;
      case 40:
        f.message('quantization').forEach((q) => {
          if (q.no === 1) bits = q.uint64n('numberOfBits');
          else if (q.no === 101) {
            quantKind = 'linear';
            q.message('linearQuantization').forEach((l) => {
              if (l.no === 1 || l.no === 2) linearValues += l.fixedCount(4, 'scale/bias');
            });
          } else if (q.no === 102) {
            quantKind = 'lut';
            q.message('lookupTableQuantization').forEach((l) => {
              if (l.no === 1) lutEntries += l.fixedCount(4, 'lookup table');
            });
          }
        });
        break;
    }
  });
  if (floats) {
    addStorage(net, 'fp32', false, floats, floats * 4, layerType, 32);
    addDtype(net, 'fp32', floats * 4);
  }
  if (fp16Bytes) {
    addStorage(net, 'fp16', false, Math.floor(fp16Bytes / 2), fp16Bytes, layerType, 16);
    addDtype(net, 'fp16', fp16Bytes);
  }
  if (int8Bytes) {
    addStorage(net, 'int8', true, int8Bytes, int8Bytes + linearValues * 4, layerType, 8);
    addDtype(net, 'int8', int8Bytes);
    addDtype(net, 'fp32', linearValues * 4);
  }
  if (rawBytes) {
    const n = bits > 0 && bits <= 8 ? bits : 8;
    const elements = Math.floor((rawBytes * 8) / n);
    const qk = quantKind as 'lut' | 'linear' | null;
    const tableBytes = qk === 'lut' ? lutEntries * 4 : qk === 'linear' ? linearValues * 4 : 0;
    const label = qk === 'lut' ? `palettized ${n}-bit` : qk === 'linear' ? `${n}-bit linear` : `raw ${n}-bit`;
    addStorage(net, label, true, elements, rawBytes + tableBytes, layerType, n);
    addDtype(net, `uint${n}`, rawBytes);
    addDtype(net, 'fp32', tableBytes);
  }
}

function decodeUpdateParams(msg: Msg): { optimizer: string | null; losses: string[] } {
  let optimizer: string | null = null;
  const losses: string[] = [];
  msg.forEach((f) => {
    if (f.no === 2) {
      f.message('optimizer').forEach((o) => {
        if (o.no === 10) optimizer = 'sgd';
        else if (o.no === 11) optimizer = 'adam';
      });
    } else if (f.no === 1 && losses.length < 64) {
      f.message('lossLayers').forEach((l) => {
        if (l.no === 10) losses.push('categoricalCrossEntropy');
        else if (l.no === 11) losses.push('meanSquaredError');
      });
    }
  });
  return { optimizer, losses };
}
