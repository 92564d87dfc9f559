// The engine's public API: everything trace/, oracle/, fuzz/ and cli/ may use.
export { Machine, ConfigError, DEFAULT_RAM, MiB, RAM_BLOCK, type MachineConfig, type RunResult, type ArchState } from './machine.js';
export { type Inputs, LiveInputs, FixedInputs } from './inputs.js';
export { type HaltReason } from './cpu/cpu.js';
export { CPU_MODELS } from './cpu/model.js';
export { disasm } from './isa/disasm.js';
