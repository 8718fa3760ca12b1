import { CommanderError } from "commander";
import { detectLang, messages } from "../i18n/index.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { type Clock, systemClock } from "../platform/clock.js";
import type { HttpContext, OpenHttp } from "../platform/http.js";
import { proxyFromEnv } from "../platform/proxy-env.js";
import { USER_AGENT } from "../version.js";
import { commandFirst, optionsAfterCommand, withDashes } from "./command-line.js";
import type { Ctx, Io, Result } from "./context.js";
import { endingFor } from "./failure.js";
import { langFromArgv } from "./options.js";
import { buildProgram } from "./program.js";
import type { RunReport } from "./schedule.js";

export type { Io } from "./context.js";

/** For `schedule`: the child run reports its outcome through the file named by CIVITAI_DL_RUN_REPORT. */
async function writeRunReport(io: Io, result: Result): Promise<void> {
	const path = io.env.CIVITAI_DL_RUN_REPORT;
	if (!path) return;
	const report: RunReport = {
		exitCode: result.code,
		failedListPath: result.summary?.failedListPath ?? null,
		stoppedBy: result.summary?.stoppedBy ?? null,
		reportPath: result.reportPath ?? null,
	};
	// whole or not at all, and never through a link planted at the name
	await writeFileAtomic(path, JSON.stringify(report), { mode: 0o600 }).catch(() => {});
}

/** Before a command's action: the validator's Japanese words (the validator is loaded by the commands that read config or answers). */
async function beforeAction(ctx: Ctx): Promise<void> {
	if (ctx.lang === "ja") {
		const { z } = await import("zod");
		z.config(z.locales.ja());
	}
}

/** The process's HTTP context, through the proxy the environment names: made once, on first use. */
function httpOnce(io: Io, clock: Clock): { get: () => Promise<HttpContext>; close: () => Promise<void> } {
	let made: Promise<OpenHttp> | undefined;
	return {
		get: () => {
			made ??= import("../platform/http.js").then(({ openHttp }) =>
				openHttp({ proxy: proxyFromEnv(io.env), clock, userAgent: USER_AGENT }),
			);
			return made;
		},
		close: async () => {
			await (await made)?.close();
		},
	};
}

/**
 * Run the CLI; returns the exit code. The composition root: every effect comes through `io` (streams,
 * environment, Ctrl-C, the clock), the HTTP context is made here once (on first use) and closed here,
 * and the commands get them all through `Ctx`. Words come from the catalogue.
 */
export async function main(line: readonly string[], io: Io): Promise<number> {
	// `civitai-dl --lang ja get …` is `civitai-dl get --lang ja …`
	const argv = commandFirst(line);
	const lang = detectLang(langFromArgv(argv), io.env);
	const m = messages(lang);
	const clock = io.clock ?? systemClock;
	const http = httpOnce(io, clock);
	const ctx: Ctx = { io, lang, m, clock, result: { code: 0 }, http: http.get };
	const program = buildProgram(ctx);
	// what only a command's action needs is made once one is about to run: help and usage errors load neither
	program.hook("preAction", () => beforeAction(ctx));
	const verbose = argv.includes("-v") || argv.includes("--verbose");
	// `help <unknown>`: commander would print the whole help; the unknown name is the usage error it is
	const asked = argv[0] === "help" ? argv[1] : undefined;
	const unknownHelp = asked !== undefined && !asked.startsWith("-") && !program.commands.some((c) => c.name() === asked);
	try {
		await program.parseAsync(unknownHelp ? [asked] : [...argv], { from: "user" });
		await writeRunReport(io, ctx.result);
		return ctx.result.code;
	} catch (e) {
		if (e instanceof CommanderError) {
			if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
			// `schedule "0 3 * * *" redownload all --yes`: the command's options were read as schedule's
			if (e.code === "commander.unknownOption" && argv[0] === "schedule" && !argv.includes("--")) {
				io.stderr.write(`civitai-dl: ${m.scheduleNeedsDashes({ command: withDashes(argv) })}\n`);
			}
			// `civitai-dl --dry-run get model:1`: the command's options go after its name
			const moved =
				e.code === "commander.unknownOption"
					? optionsAfterCommand(
							argv,
							program.commands.map((c) => c.name()),
						)
					: undefined;
			if (moved !== undefined) io.stderr.write(`civitai-dl: ${m.cliOptionsAfterCommand({ command: moved })}\n`);
			return 2; // commander already printed one line saying what was wrong
		}
		const ending = endingFor(e, lang, verbose);
		for (const line of ending.lines) io.stderr.write(`${line}\n`);
		return ending.exit;
	} finally {
		await http.close();
	}
}
