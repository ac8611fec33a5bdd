import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { AppError } from "../errors";
import { MAX_FILE_BYTES } from "../workspace-agents/workspace-api-schemas";
import { fileError } from "./workspace-path";

/** A NUL in this many first bytes makes a file binary (as git and grep decide). */
const BINARY_PROBE_BYTES = 8 * 1024;

/**
 * The whole text of a regular file of at most MAX_FILE_BYTES that is not binary; anything else is
 * refused with a 4xx that says why (413 too large, 415 binary, 400 not a regular file, 404).
 * Size and content come from one open file, so a file swapped meanwhile cannot slip past.
 */
export async function readTextFile(file: string): Promise<string> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError(error, file);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new AppError("bad_request", `${file} is a folder`);
    if (!info.isFile()) throw new AppError("bad_request", `${file} is not a regular file`);
    if (info.size > MAX_FILE_BYTES) {
      throw new AppError("payload_too_large", `${file} is larger than 1 MiB (${info.size} bytes)`);
    }
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      // It grew past the limit since its size was read.
      if (length > MAX_FILE_BYTES) throw new AppError("payload_too_large", `${file} is larger than 1 MiB`);
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      throw new AppError("unsupported_media_type", `${file} is a binary file`);
    }
    return bytes.toString("utf8");
  } catch (error) {
    throw fileError(error, file);
  } finally {
    await handle.close();
  }
}
