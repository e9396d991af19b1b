/**
 * TensorBoard Event protobufs (tensorflow/core/util/event.proto), only the fields toyscale writes:
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
 * Written with @bufbuild/protobuf's BinaryWriter, so varints and wire types are never hand-rolled.
 */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

export const FILE_VERSION = 'brain.Event:2';

export interface Scalar {
  tag: string;
  value: number;
}

/** The first record of every event file: names the format version. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new BinaryWriter().tag(1, WireType.Bit64).double(wallTime).tag(3, WireType.LengthDelimited).string(FILE_VERSION).finish();
}

/** One Event holding the scalars of one training step. simple_value is a float32. */
export function scalarsEvent(wallTime: number, step: number, scalars: readonly Scalar[]): Uint8Array {
  const summary = new BinaryWriter();
  for (const { tag, value } of scalars) {
    summary.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(tag).tag(2, WireType.Bit32).float(value).join();
  }
  return new BinaryWriter()
    .tag(1, WireType.Bit64)
    .double(wallTime)
    .tag(2, WireType.Varint)
    .int64(step)
    .tag(5, WireType.LengthDelimited)
    .bytes(summary.finish())
    .finish();
}
