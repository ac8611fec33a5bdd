/**
 * A command for the workspace API's `POST /processes` that prints `gone` once process `pid` has
 * ended (a zombie left for init to reap counts as ended), or its State line if it still runs after
 * 5 s. A signalled process dies when it is next scheduled, which on a loaded machine is no fixed
 * time after the signal: the command asks again rather than once after a pause.
 */
export function goneCheck(pid: string): string {
  const running = `grep -s '^State:[[:space:]]*[^Z[:space:]]' /proc/${pid}/status`;
  return `i=0; while [ $i -lt 100 ] && ${running} >/dev/null; do sleep 0.05; i=$((i + 1)); done; ${running} || echo gone`;
}
