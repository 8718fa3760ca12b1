import { createInterface } from "node:readline/promises";

/**
 * Ask a y/N question on a terminal. Resolves false on anything but y/yes, on EOF and on abort; never
 * hangs on a closed stdin (readline's question() alone does).
 */
export async function confirm(
	question: string,
	io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream },
	signal?: AbortSignal,
): Promise<boolean> {
	const rl = createInterface({ input: io.stdin, output: io.stdout });
	try {
		const closed = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
		const answer = await Promise.race([rl.question(question, signal ? { signal } : {}), closed]);
		return /^y(es)?$/i.test(answer.trim());
	} catch {
		return false;
	} finally {
		rl.close();
	}
}
