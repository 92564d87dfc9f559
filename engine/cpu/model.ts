// CPU models the machine can be configured with (`-cpu`). Facts per model: PVR (Book III-S
// §2.2 "Processor Version Register"; values as QEMU and Linux know them) and which ISA level's
// behaviour applies where levels disagree.

export interface CpuModel {
  name: string;
  pvr: number;
  /** ISA 3.0 (POWER9): XER[CA32]/[OV32] are set by arithmetic (Book I §3.2.2). */
  isa300: boolean;
}

export const CPU_MODELS: Record<string, CpuModel> = {
  POWER8: { name: 'POWER8', pvr: 0x004d0200, isa300: false },
  POWER9: { name: 'POWER9', pvr: 0x004e1202, isa300: true },
};

export function cpuModel(name: string): CpuModel {
  const m = CPU_MODELS[name.toUpperCase()];
  if (!m) throw new Error(`unknown CPU model '${name}' (known: ${Object.keys(CPU_MODELS).join(', ')})`);
  return m;
}
