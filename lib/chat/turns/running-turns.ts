/** The turns this process runs, by chat id, so an interrupt can stop them. */
const globalState = globalThis as unknown as { __kilnTurns?: Map<string, AbortController> };

export const runningTurns = () => (globalState.__kilnTurns ??= new Map());
