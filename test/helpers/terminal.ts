import { spawn } from "node:child_process";
import { join } from "node:path";
import { BIN, type CliResult } from "./cli.js";

/** POSIX shell quoting for one argument. */
export function shellQuote(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A line typed at the terminal: once `after` shows in what the terminal got since the previous line was
 * typed (the question it answers), or, as plain text, half a second after the previous one. Typed before
 * its question is on the screen, a line may go to the question before (each question reads stdin afresh),
 * which a busy machine made happen: give the question.
 */
export type Typed = string | { after: RegExp; text: string };

/**
 * Run the built CLI in a pseudo-terminal (util-linux `script`), `cols` columns wide, and return
 * everything it wrote to the terminal, escape sequences included. stdin is the terminal too.
 */
export function runInTerminal(
	args: string[],
	opts: { cwd: string; env?: Record<string, string>; cols?: number; timeoutMs?: number; typed?: Typed[] },
): Promise<CliResult> {
	const command = `stty cols ${opts.cols ?? 100} rows 30 2>/dev/null; exec ${shellQuote(process.execPath)} ${[BIN, ...args].map(shellQuote).join(" ")}`;
	return new Promise((resolve, reject) => {
		const child = spawn("script", ["-qefc", command, "/dev/null"], {
			cwd: opts.cwd,
			env: {
				PATH: process.env.PATH ?? "",
				HOME: opts.cwd,
				XDG_CONFIG_HOME: join(opts.cwd, ".config"),
				LANG: "C",
				TERM: "xterm-256color",
				...opts.env,
			},
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		const answers = [...(opts.typed ?? [])];
		let seen = 0; // where the terminal's output stood when the last line was typed
		let pause: NodeJS.Timeout | undefined;
		const typeNext = () => {
			const a = answers[0];
			if (a === undefined || pause) return;
			if (typeof a === "string") {
				pause = setTimeout(() => {
					pause = undefined;
					answers.shift();
					child.stdin.write(`${a}\n`);
					seen = stdout.length;
					typeNext();
				}, 500);
				return;
			}
			const m = a.after.exec(stdout.slice(seen));
			if (!m) return;
			answers.shift();
			seen += m.index + m[0].length;
			child.stdin.write(`${a.text}\n`);
			typeNext();
		};
		child.stdout.on("data", (d) => {
			stdout += d;
			typeNext();
		});
		child.stderr.on("data", (d) => (stderr += d));
		typeNext();
		const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			clearTimeout(pause);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** What a terminal shows at the end: a minimal screen model of the escape sequences the CLI uses. */
export function finalScreen(raw: string): string[] {
	const rows: string[] = [""];
	let r = 0;
	let c = 0;
	const put = (ch: string) => {
		const line = rows[r] ?? "";
		rows[r] = line.slice(0, c).padEnd(c, " ") + ch + line.slice(c + 1);
		c++;
	};
	for (let i = 0; i < raw.length; i++) {
		const ch = raw[i]!;
		if (ch === "\x1b" && raw[i + 1] === "[") {
			const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(raw.slice(i));
			if (!m) continue;
			i += m[0].length - 1;
			const n = Number(m[1]?.replace("?", "") || "1");
			if (m[2] === "F") {
				r = Math.max(0, r - n);
				c = 0;
			} else if (m[2] === "A") {
				r = Math.max(0, r - n);
			} else if (m[2] === "K") {
				rows[r] = m[1] === "2" ? "" : (rows[r] ?? "").slice(0, c);
			} else if (m[2] === "J") {
				rows.length = r + 1;
				rows[r] = (rows[r] ?? "").slice(0, c);
			}
			continue;
		}
		if (ch === "\r") c = 0;
		else if (ch === "\n") {
			r++;
			c = 0;
			if (rows[r] === undefined) rows[r] = "";
		} else put(ch);
	}
	return rows.map((l) => l.trimEnd()).filter((l, i, a) => l !== "" || i < a.length - 1);
}
