import type { Command } from "commander";
import type { VerifyEvent, VerifyStatus } from "../../verify.js";
import type { Ctx } from "../context.js";
import { addCommon, type CommonOpts, nonNegative } from "../options.js";

// `history` and `verify`: names, options and help here; what they do is in library-run.ts, loaded when one runs.
export interface VerifyOpts extends CommonOpts {
	failedOut?: string;
	lockTimeout?: number;
}

/** What `verify` found, counted from its events (the one place verify results are counted). */
export interface VerifyCounts {
	total: number;
	ok: number;
	missing: number;
	sizeMismatch: number;
	hashMismatch: number;
	noHash: number;
}

const COUNTED_AS: Record<VerifyStatus, Exclude<keyof VerifyCounts, "total">> = {
	ok: "ok",
	missing: "missing",
	size_mismatch: "sizeMismatch",
	hash_mismatch: "hashMismatch",
	no_hash: "noHash",
};

export function tallyVerify(c: VerifyCounts, e: VerifyEvent): VerifyCounts {
	if (e.type === "verify_file") {
		c.total++;
		c[COUNTED_AS[e.status]]++;
	}
	return c;
}

export function registerLibrary(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addCommon(program.command("history").description(m.helpHistory()), m)
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExHistory()}`)
		.action(async (opts: CommonOpts) => (await import("./library-run.js")).runHistory(ctx, opts));
	addCommon(program.command("verify").description(m.helpVerify()), m)
		.option("--failed-out <csv>", m.helpOptVerifyFailedOut())
		.option("--lock-timeout <seconds>", m.helpOptLockTimeout(), nonNegative("--lock-timeout", m))
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExVerify()}`)
		.action(async (opts: VerifyOpts) => (await import("./library-run.js")).runVerify(ctx, opts));
}
