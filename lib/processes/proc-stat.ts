/**
 * The fields of a /proc/<pid>/stat text after the command name (which is in parentheses and may
 * hold spaces and parentheses itself): [state, ppid, pgrp, session, …], as `proc(5)` numbers them from 3.
 */
export function procStatFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
