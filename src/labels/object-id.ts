import { randomBytes } from "node:crypto";

let counter = randomBytes(3).readUIntBE(0, 3);
const processUnique = randomBytes(5);

/**
 * A new 24-hex-character id in the shape of a MongoDB ObjectId (the ids FiftyOne
 * gives samples and labels): 4 bytes of seconds since the epoch, 5 random bytes
 * fixed per process, and a 3-byte counter. Ids made later sort after earlier ones.
 */
export function objectId(): string {
  const buf = Buffer.alloc(12);
  buf.writeUInt32BE(Math.floor(Date.now() / 1000), 0);
  processUnique.copy(buf, 4);
  counter = (counter + 1) % 0x1000000;
  buf.writeUIntBE(counter, 9, 3);
  return buf.toString("hex");
}

/** True when `value` is a 24-character lowercase hex id as made by {@link objectId}. */
export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{24}$/.test(value);
}
