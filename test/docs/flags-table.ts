import type { Command } from "commander";
import type { Ctx } from "../../src/cli/context.js";
import { buildProgram } from "../../src/cli/program.js";
import { messages } from "../../src/i18n/index.js";
import { systemClock } from "../../src/platform/clock.js";

/** The options every command takes (listed once, above the table). */
export const EVERY_COMMAND = ["--config", "--json", "--quiet", "--verbose", "--lang"];

function leaves(cmd: Command, prefix = ""): [string, Command][] {
	return cmd.commands.flatMap((c): [string, Command][] => {
		const name = `${prefix}${c.name()}`;
		return c.commands.length > 0 ? leaves(c, `${name} `) : [[name, c]];
	});
}

function program(): Command {
	const ctx: Ctx = {
		io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: "/", signal: new AbortController().signal },
		lang: "en",
		m: messages("en"),
		clock: systemClock,
		result: { code: 0 },
		http: () => Promise.reject(new Error("no network")),
	};
	return buildProgram(ctx);
}

/** Every command a user can run (`config init`, not `config`), from the command line itself. */
export function commandNames(): string[] {
	return leaves(program()).map(([name]) => name);
}

/** The table of the options each command takes (docs/commands.md), made from the command line itself. */
export function flagsTable(): string {
	const rows = leaves(program()).map(([name, c]) => {
		const own = c.options.map((o) => o.long ?? o.short ?? "").filter((f) => !EVERY_COMMAND.includes(f));
		const of = EVERY_COMMAND.filter((f) => c.options.some((o) => o.long === f));
		const common = of.length === EVERY_COMMAND.length ? "" : `(of those only ${of.map((f) => `\`${f}\``).join(" ")}) `;
		return `| \`${name}\` | ${common}${own.length === 0 ? "—" : own.map((f) => `\`${f}\``).join(" ")} |`;
	});
	return ["| Command | Options (besides the ones every command takes) |", "| --- | --- |", ...rows].join("\n");
}
