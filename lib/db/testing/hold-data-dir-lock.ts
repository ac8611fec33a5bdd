// A second OS process for data-dir-lock.test.ts: takes the lock of the folder given as its
// argument, prints "locked <pid>", and holds it until SIGTERM/SIGINT or until its stdin closes (so it
// cannot outlive a test runner that died). A clean exit releases the lock; SIGKILL leaves the
// pid file behind, as a crash would. The pid is printed because the tsx CLI runs the script in
// a child process of its own: the lock belongs to that one, not to the process the test spawned.
//
// data-dir-lock.ts imports "server-only"; run this with `tsx --conditions=react-server`, the
// condition under which that package is an empty module.
import { lockDataDir } from "../data-dir-lock";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: hold-data-dir-lock.ts <dir>");
  process.exit(2);
}

lockDataDir(dir);
// process.exit runs the lock's "exit" handler, which a default signal death would skip.
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.stdout.write(`locked ${process.pid}\n`);
