// What `notify test` and `schedule` do (their registration is unattended.ts): loaded only when one of them runs.
import { Writable } from "node:stream";
import { type Command, CommanderError } from "commander";
import { type ParsedCommand, unanswered } from "../../core/unattended.js";
import { UsageError } from "../../errors.js";
import { type Msg, msg } from "../../i18n/msg.js";
import { shownCommand } from "../command-line.js";
import { type Ctx, jsonLine } from "../context.js";
import { notifierFor, settingsFor } from "../context-run.js";
import type { CommonOpts } from "../options.js";
import { buildProgram } from "../program.js";
import { nodeSpawner, runSchedule } from "../schedule.js";

/** `notify test`: one test message to every configured webhook. */
export async function runNotifyTest(ctx: Ctx, opts: CommonOpts): Promise<void> {
	const { m, io } = ctx;
	const loaded = await settingsFor(ctx, opts);
	if (loaded.settings.webhooks.length === 0) throw new UsageError(msg("notifyNoWebhooks", { config: loaded.configPath }));
	const deliveries = await (await notifierFor(ctx, loaded.settings, true)).test();
	for (const d of deliveries) {
		if (opts.json) jsonLine(ctx, { type: "notify", ...d });
		else if (d.ok) io.stdout.write(`${m.notifySent(d)}\n`);
		else io.stderr.write(`${m.notifyTestNotSent({ hook: d.hook, attempts: d.attempts, reason: d.reason ?? "" })}\n`);
	}
	ctx.result.code = deliveries.every((d) => d.ok) ? 0 : 1;
}

/** Every command without subcommands: the ones a command line ends at. */
function leaves(cmd: Command): Command[] {
	return cmd.commands.flatMap((c) => (c.commands.length > 0 ? leaves(c) : [c]));
}

/**
 * What the command `schedule` is to run would do at its first run, read by the same parser (commander
 * with every command's options, in the user's language) with the actions left out: why it would fail
 * at every run (an unknown command or option, a bad value, a question nobody can answer), or undefined.
 */
export async function scheduledCommandRefusal(ctx: Ctx, args: readonly string[]): Promise<Msg | undefined> {
	const said: string[] = [];
	const discard = new Writable({ write: (_c, _e, done) => done() });
	const keep = new Writable({
		write: (c, _e, done) => {
			said.push(String(c));
			done();
		},
	});
	const probe: Ctx = { ...ctx, io: { ...ctx.io, stdout: discard, stderr: keep }, result: { code: 0 } };
	const program = buildProgram(probe);
	let parsed: ParsedCommand | undefined;
	for (const leaf of leaves(program)) {
		leaf.action((...a: unknown[]) => {
			const self = a.at(-1) as Command;
			const operands = self.processedArgs.flat().filter((x): x is string => typeof x === "string");
			parsed = { name: self.name(), operands, opts: self.opts() };
		});
	}
	const command = shownCommand(args);
	try {
		await program.parseAsync([...args], { from: "user" });
	} catch (e) {
		if (!(e instanceof CommanderError)) throw e;
		if (e.exitCode === 0) return undefined; // --help, --version: they run
		const reason = said
			.join("")
			.trim()
			.replace(/^civitai-dl: /, "");
		return msg("scheduleBadCommand", { command, reason });
	}
	const why = parsed && unanswered(parsed);
	if (why === "asks") return msg("scheduleWouldAsk", { command });
	if (why === "asks_long") return msg("scheduleWouldAskLong", { command });
	if (why === "stdin") return msg("scheduleNoStdin", { command });
	return undefined;
}

/** `schedule <cron> [args...]`: the runs as child processes, at the times the cron expression names. */
export async function runScheduleCommand(
	ctx: Ctx,
	program: Command,
	cron: string,
	args: string[],
	opts: { tz?: string; maxRuns?: number },
): Promise<void> {
	const { m, io } = ctx;
	if (opts.tz !== undefined) {
		try {
			new Intl.DateTimeFormat("en", { timeZone: opts.tz });
		} catch {
			throw new UsageError(msg("cliBadTz", { tz: opts.tz }));
		}
	}
	// the command is read now, as its runs would read it: a mistake is said today, not at 03:00 every night
	const refusal = args.length > 0 && args[0] !== "schedule" ? await scheduledCommandRefusal(ctx, args) : undefined;
	if (refusal !== undefined) throw new UsageError(refusal);
	const redownloadCmd = program.commands.find((c) => c.name() === "redownload")!;
	const valueFlags = new Set(
		redownloadCmd.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
	);
	// the runs speak the schedule's language unless they say otherwise
	const runArgs = args.some((a) => a === "--lang" || a.startsWith("--lang=")) ? args : [...args, "--lang", ctx.lang];
	ctx.result.code = await runSchedule({
		cron,
		...(opts.tz !== undefined ? { tz: opts.tz } : {}),
		args: args.length === 0 ? [] : runArgs,
		valueFlags,
		...(opts.maxRuns !== undefined ? { maxRuns: opts.maxRuns } : {}),
		m,
		// on a terminal a run's live bars may be on screen: start on a clean line
		say: (line) => io.stdout.write(`${io.stdout.isTTY ? "\r\x1b[K" : ""}${line}\n`),
		clock: ctx.clock,
		signal: io.signal,
		reportAfter: true,
		spawnRun: nodeSpawner({
			entry: process.argv[1] ?? "",
			execArgv: process.execArgv,
			env: io.env,
			cwd: io.cwd,
			inherit: io.stdout === process.stdout && io.stderr === process.stderr,
			stdout: io.stdout,
			stderr: io.stderr,
		}),
	});
}
