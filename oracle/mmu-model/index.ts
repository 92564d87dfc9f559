// An independent reference model of the POWER8 hash MMU as this pseries machine presents it
// (Power ISA 2.07 Book III-S §5.7, interrupts §6.5): BigInt throughout, written for reading
// against the ISA, not for speed. It shares no code with engine/mmu/.
//
// Scope: 256 MB and 1 TB segments; base = actual page sizes 4 KB and 64 KB (what
// ibm,segment-page-sizes advertises); primary and secondary hash; PP/Ks/Kp protection;
// no-execute (SLBE[N], HPTE[N]) and guarded fetches; virtual page class keys (AMR, IAMR);
// R and C recording. Not modelled: real mode (reported as 'real'), 16 MB/16 GB pages,
// multiple page sizes per segment, the reserved PP values (treated as no access).

export * from './types.js';
export * from './bits.js';
export * from './slb.js';
export * from './hpte.js';
export * from './hash.js';
export * from './protection.js';
export * from './translate.js';
