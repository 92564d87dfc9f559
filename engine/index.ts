// The engine's public API: everything trace/, oracle/, fuzz/ and cli/ may use.
export { Machine, ConfigError, DEFAULT_RAM, MiB, RAM_BLOCK, type MachineConfig, type RunResult, type ArchState } from './machine.js';
export { SnapshotError } from './snapshot.js';
export { sha256Hex } from './hash.js';
export { type Inputs, LiveInputs, FixedInputs, ScriptedInputs, FIXED_CLOCK_MILLIS } from './inputs.js';
export { type HaltReason } from './cpu/cpu.js';
export { CPU_MODELS } from './cpu/model.js';
export { disasm } from './isa/disasm.js';
export { ARCH_REG_NAMES } from './cpu/arch-regs.js';
export type { TimeRead, TimeSource } from './cpu/timebase.js';
export { qemuCasRngSeed, qemuRngSeed } from './platform/fdt/qemu-seed.js';
export { HashPageTable } from './mmu/hpt.js';
export type { Mmu } from './mmu/mmu.js';
export { UNIMPLEMENTED_HCALL_NAMES } from './platform/papr.js';
