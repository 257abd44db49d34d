import type { CommandContext } from '../io.js';
export async function run(_c: CommandContext<Record<string, unknown>>): Promise<number> { return 0; }
