import { createInterface } from "node:readline/promises";

type Streams = { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream };

/** Ask one question on a terminal. Resolves "" on EOF and on abort; never hangs on a closed stdin. */
export async function ask(question: string, io: Streams, signal?: AbortSignal): Promise<string> {
	const rl = createInterface({ input: io.stdin, output: io.stdout });
	try {
		const closed = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
		return await Promise.race([rl.question(question, signal ? { signal } : {}), closed]);
	} catch {
		return "";
	} finally {
		rl.close();
	}
}

/** A y/N question: true only for y, yes (or はい). */
export async function confirm(question: string, io: Streams, signal?: AbortSignal): Promise<boolean> {
	return /^(y(es)?|はい)$/i.test((await ask(question, io, signal)).trim());
}
