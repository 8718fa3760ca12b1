// What `notify test` and `schedule` do (their registration is unattended.ts): loaded only when one of them runs.
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { msg } from "../../i18n/msg.js";
import { type Ctx, jsonLine } from "../context.js";
import { notifierFor, settingsFor } from "../context-run.js";
import type { CommonOpts } from "../options.js";
import { nodeSpawner, runSchedule } from "../schedule.js";

/** `notify test`: one test message to every configured webhook. */
export async function runNotifyTest(ctx: Ctx, opts: CommonOpts): Promise<void> {
	const { m, io } = ctx;
	const loaded = await settingsFor(ctx, opts);
	if (loaded.settings.webhooks.length === 0) throw new UsageError(msg("notifyNoWebhooks", { config: loaded.configPath }));
	const deliveries = await (await notifierFor(ctx, loaded.settings)).test();
	for (const d of deliveries) {
		if (opts.json) jsonLine(ctx, { type: "notify", ...d });
		else if (d.ok) io.stdout.write(`${m.notifySent(d)}\n`);
		else io.stderr.write(`${m.notifyTestNotSent({ hook: d.hook, attempts: d.attempts, reason: d.reason ?? "" })}\n`);
	}
	ctx.result.code = deliveries.every((d) => d.ok) ? 0 : 1;
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
