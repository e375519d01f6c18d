import { createHash } from 'node:crypto';

/**
 * A SHA-256 hash tree (Merkle tree) in the spirit of RFC 4998's evidence records: one root stands
 * for every leaf, so a root kept elsewhere (printed, signed, handed to a court) proves that none of
 * the leaves changed since. Leaves and inner nodes are hashed with different prefixes (0x00 and
 * 0x01, as RFC 6962 does) so an inner node can never pass for a leaf. A level with an odd count
 * carries its last node up unchanged.
 */

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** A leaf's hash: what the leaf says (here: which version of which document has which content). */
export function leafHash(text: string): string {
  return sha256(LEAF, Buffer.from(text, 'utf8')).toString('hex');
}

/** The root over the leaves' hashes in the given order; the empty tree's root is SHA-256 of nothing. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return sha256().toString('hex');
  let level: Buffer[] = leaves.map((leaf) => Buffer.from(leaf, 'hex'));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(NODE, level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!.toString('hex');
}
