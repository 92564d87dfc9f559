// The iteration order of a GLib 2.74 GHashTable keyed by strings (g_str_hash), after a
// sequence of insertions with no removals. QEMU lists DR connectors in the device tree
// (ibm,drc-indexes & co.) in the order it walks the QOM properties of its
// "/dr-connector" container, which is exactly such a table; this model reproduces it.
//
// Facts used (GLib ghash.c, 2.74): buckets are a power of two (min 8) with a prime
// modulus per size; the first bucket is (hash * 11) % mod, probing adds 1, 2, 3... (mask);
// after inserting into an empty bucket the table grows when size <= occupied + occupied/16,
// to the power of two just above nnodes * 1.333, re-placing entries in place in bucket
// order, each evicting any not-yet-moved occupant of its target bucket; iteration walks
// buckets in index order.

const PRIME_MOD = [1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521,
  131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213];
const MIN_SHIFT = 3;

/** g_str_hash: h = h * 33 + c over the bytes, from 5381 (32-bit). Keys here are ASCII. */
export function gStrHash(key: string): number {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 33) + key.charCodeAt(i)) >>> 0;
  return h;
}

/** Keys of a string-keyed GHashTable in g_hash_table_iter order, after inserting `keys` in order. */
export function gHashTableOrder(keys: readonly string[]): string[] {
  let size = 0, mod = 0, mask = 0;
  const setShift = (shift: number) => {
    size = 1 << shift;
    mod = PRIME_MOD[shift];
    mask = size - 1;
  };
  const toIndex = (hash: number) => (Math.imul(hash, 11) >>> 0) % mod;
  setShift(MIN_SHIFT);
  let hashes: number[] = new Array(size).fill(0); // 0 = unused (no tombstones: no removals)
  let slots: (string | null)[] = new Array(size).fill(null);
  let nnodes = 0, noccupied = 0;

  const resize = () => {
    const oldSize = size;
    let n = Math.trunc(nnodes * 1.333), shift = 0;
    while (n) { n >>= 1; shift++; }
    setShift(Math.max(shift, MIN_SHIFT));
    const cap = Math.max(oldSize, size);
    while (hashes.length < cap) { hashes.push(0); slots.push(null); }
    const moved = new Uint8Array(cap);
    for (let i = 0; i < oldSize; i++) {
      let h = hashes[i];
      if (h <= 1 || moved[i]) continue;
      hashes[i] = 0;
      let key = slots[i];
      slots[i] = null;
      for (;;) {
        let j = toIndex(h), step = 0;
        while (moved[j]) { step++; j = (j + step) & mask; }
        moved[j] = 1;
        const displaced = hashes[j];
        const displacedKey = slots[j];
        hashes[j] = h;
        slots[j] = key;
        if (displaced <= 1) break;
        h = displaced;
        key = displacedKey;
      }
    }
    hashes = hashes.slice(0, size);
    slots = slots.slice(0, size);
    noccupied = nnodes;
  };

  for (const key of keys) {
    let h = gStrHash(key);
    if (h <= 1) h = 2;
    let i = toIndex(h), step = 0, exists = false;
    while (hashes[i] !== 0) {
      if (hashes[i] === h && slots[i] === key) { exists = true; break; }
      step++;
      i = (i + step) & mask;
    }
    if (exists) continue;
    hashes[i] = h;
    slots[i] = key;
    nnodes++;
    noccupied++;
    if ((size > nnodes * 4 && size > 1 << MIN_SHIFT) || size <= noccupied + Math.trunc(noccupied / 16)) resize();
  }
  return slots.filter((k): k is string => k !== null);
}
