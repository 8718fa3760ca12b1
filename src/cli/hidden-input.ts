import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

type Streams = { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream };

/**
 * Ask for a secret on a terminal: the question is shown, the typing is not (readline echoes into a
 * stream that drops it). Resolves the line, "" on Enter, EOF or abort, and null on Ctrl-C.
 */
export async function askHidden(question: string, io: Streams, signal?: AbortSignal): Promise<string | null> {
	const silent = new Writable({ write: (_chunk, _enc, done) => done() });
	const rl = createInterface({ input: io.stdin, output: silent, terminal: true });
	io.stdout.write(question);
	try {
		const interrupted = new Promise<null>((resolve) => rl.once("SIGINT", () => resolve(null)));
		const closed = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
		return await Promise.race([rl.question("", signal ? { signal } : {}), interrupted, closed]);
	} catch {
		return "";
	} finally {
		rl.close();
		io.stdout.write("\n");
	}
}
