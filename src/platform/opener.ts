import { spawn } from "node:child_process";

/** The system's way to open a file in its default program: `open` (macOS), `start` (Windows), `xdg-open` (others). */
export function openerFor(platform: NodeJS.Platform, file: string): { command: string; args: string[] } {
	if (platform === "darwin") return { command: "open", args: [file] };
	if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""', file] };
	return { command: "xdg-open", args: [file] };
}

/**
 * Open `file` with the system's opener, not waiting for the program it starts. Resolves once the
 * opener started (or to its error: none installed), never later.
 */
export function openFile(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<Error | undefined> {
	const { command, args } = openerFor(platform, file);
	return new Promise((resolve) => {
		try {
			const child = spawn(command, args, { env, stdio: "ignore", detached: platform !== "win32", windowsHide: true });
			child.once("error", (e) => resolve(e));
			child.once("spawn", () => {
				child.unref();
				resolve(undefined);
			});
		} catch (e) {
			resolve(e instanceof Error ? e : new Error(String(e)));
		}
	});
}
