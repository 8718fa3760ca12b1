import { resolve } from "node:path";
import type { Command } from "commander";
import { formatBytes, formatDuration, formatPercent } from "../../core/format.js";
import { dedupeHistory } from "../../core/plan.js";
import { cleanText } from "../../core/text.js";
import type { ErrorKind } from "../../errors.js";
import { UsageError } from "../../errors.js";
import { emptyRow, type FailedRow, localTimestamp } from "../../history/columns.js";
import { FAILED_COLUMNS, writeCsv } from "../../history/csv-file.js";
import { acquireLock } from "../../history/lock.js";
import { msg } from "../../i18n/msg.js";
import { systemClock } from "../../platform/clock.js";
import { isBroken, type VerifyEvent, type VerifyResult, type VerifyStatus, verifyRows } from "../../verify.js";
import { type Ctx, readRows, settingsFor, uiFor } from "../context.js";
import { addCommon, type CommonOpts, nonNegative } from "../options.js";
import { paint } from "../ui.js";

interface VerifyOpts extends CommonOpts {
	failedOut?: string;
	lockTimeout?: number;
}

const FAILED_KIND: Record<VerifyStatus, ErrorKind | ""> = {
	ok: "",
	no_hash: "",
	missing: "disk",
	size_mismatch: "hash_mismatch",
	hash_mismatch: "hash_mismatch",
};

export function registerLibrary(program: Command, ctx: Ctx): void {
	const { m, io } = ctx;
	addCommon(program.command("history").description(m.helpHistory()), m)
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExHistory()}`)
		.action(async (opts: CommonOpts) => {
			const ui = uiFor(ctx, opts);
			const loaded = await settingsFor(ctx, opts);
			const path = loaded.settings.historyFile;
			const rows = dedupeHistory(await readRows(ctx, opts, path));
			if (opts.json) io.stdout.write(`${JSON.stringify(rows)}\n`);
			else if (rows.length === 0) io.stdout.write(`${m.historyEmpty({ path })}\n`);
			else {
				for (const r of rows) {
					const size = Number(r.size_bytes) > 0 ? formatBytes(Number(r.size_bytes), ui.locale) : "?";
					// cells may come from anywhere (a shared CSV): printed without escape codes
					io.stdout.write(
						`${cleanText(`${r.timestamp}  ${(r.model_type || "?").padEnd(11)} ${size.padStart(9)}  ${r.filename}  ${r.url}`)}\n`,
					);
				}
				io.stdout.write(`${m.historyCount({ count: rows.length, path })}\n`);
			}
			ctx.result.code = 0;
		});

	addCommon(program.command("verify").description(m.helpVerify()), m)
		.option("--failed-out <csv>", m.helpOptVerifyFailedOut())
		.option("--lock-timeout <seconds>", m.helpOptLockTimeout(), nonNegative("--lock-timeout", m))
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExVerify()}`)
		.action(async (opts: VerifyOpts) => {
			const ui = uiFor(ctx, opts);
			const loaded = await settingsFor(ctx, opts);
			const history = loaded.settings.historyFile;
			const rows = dedupeHistory(await readRows(ctx, opts, history));
			if (rows.length === 0) throw new UsageError(msg("verifyEmpty", { path: history }));
			const startedAt = Date.now();
			const live = io.stdout.isTTY === true && !opts.json && opts.progress !== false && !opts.quiet;
			let progressShown = false;
			let lastPlain = Date.now();
			const onEvent = (e: VerifyEvent) => {
				if (opts.json) {
					io.stdout.write(`${JSON.stringify({ ...e, time: new Date().toISOString() })}\n`);
					return;
				}
				if (e.type === "verify_progress") {
					const line = m.verifyProgress({
						index: e.index,
						total: e.total,
						name: e.name,
						percent: formatPercent(e.bytes, e.totalBytes, ui.locale),
					});
					if (live) {
						io.stdout.write(`\r\x1b[K${line}`);
						progressShown = true;
					} else if (!opts.quiet && Date.now() - lastPlain >= 5000) {
						lastPlain = Date.now();
						io.stdout.write(`${line}\n`);
					}
					return;
				}
				if (e.type !== "verify_file") return;
				if (progressShown) {
					io.stdout.write("\r\x1b[K");
					progressShown = false;
				}
				const text = fileLine(e, ctx);
				if (isBroken(e.status)) io.stdout.write(`${paint(ui, "red", text)}\n`);
				else if (!opts.quiet) io.stdout.write(`${e.status === "ok" ? paint(ui, "green", text) : text}\n`);
			};
			const results = await verifyRows(rows, { downloadPaths: loaded.settings.downloadPaths, onEvent, signal: io.signal });
			const count = (s: VerifyStatus) => results.filter((r) => r.status === s).length;
			const broken = results.filter((r) => isBroken(r.status));
			let failedListPath: string | null = null;
			if (opts.failedOut !== undefined && broken.length > 0) {
				failedListPath = resolve(io.cwd, opts.failedOut);
				const release = await acquireLock(history, {
					timeoutMs: loaded.settings.lockTimeoutMs,
					clock: systemClock,
					signal: io.signal,
				});
				try {
					await writeCsv(
						failedListPath,
						FAILED_COLUMNS,
						broken.map((r) => failedRow(r, ctx)),
					);
				} finally {
					await release();
				}
			}
			const counts = {
				total: results.length,
				ok: count("ok"),
				missing: count("missing"),
				sizeMismatch: count("size_mismatch"),
				hashMismatch: count("hash_mismatch"),
				noHash: count("no_hash"),
			};
			if (opts.json) {
				io.stdout.write(`${JSON.stringify({ type: "verify_summary", ...counts, failedListPath, time: new Date().toISOString() })}\n`);
			} else {
				io.stdout.write(`${m.verifySummary({ ...counts, elapsed: formatDuration(Date.now() - startedAt, ui.locale) })}\n`);
				if (failedListPath) io.stdout.write(`${m.verifyFailedList({ path: failedListPath })}\n`);
			}
			ctx.result.code = broken.length > 0 ? 1 : 0;
		});
}

function fileLine(r: Omit<VerifyResult, "row">, ctx: Ctx): string {
	const { m } = ctx;
	switch (r.status) {
		case "ok":
			return m.verifyOk(r);
		case "missing":
			return m.verifyMissing(r);
		case "size_mismatch":
			return m.verifySizeMismatch({ path: r.path, expected: r.expectedSize ?? 0, actual: r.actualSize ?? 0 });
		case "hash_mismatch":
			return m.verifyHashMismatch({ path: r.path, expected: r.expectedSha256 ?? "", actual: r.actualSha256 ?? "" });
		case "no_hash":
			return m.verifyNoHash(r);
	}
}

function failedRow(r: VerifyResult, ctx: Ctx): FailedRow {
	const { m } = ctx;
	const error =
		r.status === "missing"
			? m.verifyErrMissing()
			: r.status === "size_mismatch"
				? m.verifyErrSize({ expected: r.expectedSize ?? 0, actual: r.actualSize ?? 0 })
				: m.verifyErrHash({ expected: r.expectedSha256 ?? "", actual: r.actualSha256 ?? "" });
	return {
		...emptyRow(),
		...r.row,
		path: r.path,
		timestamp: localTimestamp(new Date()),
		error_kind: FAILED_KIND[r.status],
		error,
	};
}
