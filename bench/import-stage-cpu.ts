// Where an import's time went, stage by stage: measured by the bench child, shown by it and by the bench.

/** CPU seconds spent in each stage of one import: this process's, and its server backend's when known. */
export interface StageCpu {
  readSeconds: number;
  readCpuS: number;
  writeCpuS: number;
  serverReadCpuS: number | null;
  serverWriteCpuS: number | null;
}

export function describeStageCpu(cpu: StageCpu): string {
  const server = (seconds: number | null) => (seconds === null ? '?' : seconds.toFixed(2));
  return (
    `read in ${cpu.readSeconds.toFixed(1)} s; CPU s read / write: client ${cpu.readCpuS.toFixed(2)} / ` +
    `${cpu.writeCpuS.toFixed(2)}, server backend ${server(cpu.serverReadCpuS)} / ${server(cpu.serverWriteCpuS)}`
  );
}
