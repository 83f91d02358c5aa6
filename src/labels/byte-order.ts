/** True on little-endian platforms (nearly all; Node also runs on big-endian s390x). */
export const PLATFORM_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reverses the byte order of each `elementSize`-byte element of `bytes`, in place. */
export function swapByteOrder(bytes: Uint8Array, elementSize: number): Uint8Array {
  for (let start = 0; start + elementSize <= bytes.length; start += elementSize) {
    for (let i = start, j = start + elementSize - 1; i < j; i++, j--) {
      const t = bytes[i]!;
      bytes[i] = bytes[j]!;
      bytes[j] = t;
    }
  }
  return bytes;
}

/** The little-endian bytes of a typed array: a view on little-endian platforms, a swapped copy otherwise. */
export function littleEndianBytes(data: ArrayBufferView & { BYTES_PER_ELEMENT: number }): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return PLATFORM_IS_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1 ? view : swapByteOrder(Uint8Array.from(view), data.BYTES_PER_ELEMENT);
}
