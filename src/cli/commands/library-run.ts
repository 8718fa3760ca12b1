// What `history` and `verify` do (their registration is library.ts): loaded only when one of them runs.
import { dirname, join, resolve } from "node:path";
import type { LoadedSettings } from "../../config/load.js";
import { formatBytes, formatDuration, formatPercent } from "../../core/format.js";
import { dedupeHistory } from "../../core/plan.js";
import { checkRunLine, rerunFailedList, shellLine } from "../../core/run-log.js";
import { cleanText } from "../../core/text.js";
import type { ErrorKind } from "../../errors.js";
import { UsageError, wordsOf } from "../../errors.js";
import { emptyRow, type FailedRow, localTimestamp } from "../../history/columns.js";
import { FAILED_COLUMNS, writeCsv } from "../../history/csv-file.js";
import { acquireLock } from "../../history/lock.js";
import { msg } from "../../i18n/msg.js";
import { keepVerify, keptVerifyPathFor, reportPathFor } from "../../library/kept.js";
import { modelNames } from "../../library/model-names.js";
import { appendRunLog } from "../../library/run-log.js";
import {
	isBroken,
	tallyVerify,
	type VerifyCounts,
	type VerifyEvent,
	type VerifyResult,
	type VerifyStatus,
	verifyRows,
} from "../../library/verify.js";
import type { Clock } from "../../platform/clock.js";
import { type Ctx, ndjson, uiFor, warn } from "../context.js";
import { againFor, readRows, rowsReadHere, settingsFor } from "../context-run.js";
import type { CommonOpts } from "../options.js";
import { paint } from "../ui.js";
import type { VerifyOpts } from "./library.js";

const FAILED_KIND: Record<VerifyStatus, ErrorKind | ""> = {
	ok: "",
	no_hash: "",
	missing: "disk",
	size_mismatch: "hash_mismatch",
	hash_mismatch: "hash_mismatch",
};

/** `history`: the downloads the history records, one line each (or JSON). */
export async function runHistory(ctx: Ctx, opts: CommonOpts): Promise<void> {
	const { m, io } = ctx;
	const ui = uiFor(ctx, opts);
	const loaded = await settingsFor(ctx, opts);
	const path = loaded.settings.historyFile;
	const rows = dedupeHistory(await readRows(ctx, opts, path));
	// the model's name from each file's own .civitai.info (never asked of Civitai)
	const names = await modelNames(rows);
	const named = rows.map((r, i) => ({ ...r, model_name: names[i]?.model ?? null, version_name: names[i]?.version ?? null }));
	if (opts.json) io.stdout.write(`${JSON.stringify(named)}\n`);
	else if (rows.length === 0) io.stdout.write(`${m.historyEmpty({ path })}\n`);
	else {
		for (const r of named) {
			const size = Number(r.size_bytes) > 0 ? formatBytes(Number(r.size_bytes), ui.locale) : "?";
			const model = r.model_name === null ? "" : `${r.model_name}${r.version_name ? ` ${r.version_name}` : ""}  `;
			// cells may come from anywhere (a shared CSV): printed without escape codes
			io.stdout.write(
				`${cleanText(`${r.timestamp}  ${(r.model_type || "?").padEnd(11)} ${size.padStart(9)}  ${r.filename}  ${model}${r.url}`)}\n`,
			);
		}
		io.stdout.write(`${m.historyCount({ count: rows.length, path })}\n`);
		if (!opts.quiet) io.stdout.write(`${m.historyReport({ path: reportPathFor(path) })}\n`);
	}
	ctx.result.code = 0;
}

/** Verify's words as it goes: one line per file, a progress line (live, or every 5 s), or NDJSON. */
function verifyRenderer(ctx: Ctx, opts: VerifyOpts, clock: Clock): (e: VerifyEvent) => void {
	const { m, io } = ctx;
	const ui = uiFor(ctx, opts);
	const live = io.stdout.isTTY === true && !opts.json && opts.progress !== false && !opts.quiet;
	let progressShown = false;
	let lastPlain = clock.now();
	return (e) => {
		if (opts.json) {
			io.stdout.write(ndjson(e, clock.now()));
			return;
		}
		if (e.type === "verify_progress") {
			const line = cleanText(
				m.verifyProgress({
					index: e.index,
					total: e.total,
					name: e.name,
					percent: formatPercent(e.bytes, e.totalBytes, ui.locale),
				}),
			);
			if (live) {
				io.stdout.write(`\r\x1b[K${line}`);
				progressShown = true;
			} else if (!opts.quiet && clock.now() - lastPlain >= 5000) {
				lastPlain = clock.now();
				io.stdout.write(`${line}\n`);
			}
			return;
		}
		if (e.type !== "verify_file") return;
		if (progressShown) {
			io.stdout.write("\r\x1b[K");
			progressShown = false;
		}
		const text = cleanText(fileLine(e, ctx));
		if (isBroken(e.status)) io.stdout.write(`${paint(ui, "red", text)}\n`);
		else if (!opts.quiet) io.stdout.write(`${e.status === "ok" ? paint(ui, "green", text) : text}\n`);
	};
}

/** The broken files as a failed list, written under the history lock; its path. */
async function writeVerifyFailedList(ctx: Ctx, out: string, broken: VerifyResult[], loaded: LoadedSettings, clock: Clock): Promise<string> {
	const path = resolve(ctx.io.cwd, out);
	const release = await acquireLock(loaded.settings.historyFile, {
		timeoutMs: loaded.settings.lockTimeoutMs,
		clock,
		signal: ctx.io.signal,
	});
	try {
		await writeCsv(
			path,
			FAILED_COLUMNS,
			broken.map((r) => failedRow(r, ctx, new Date(clock.now()))),
		);
	} finally {
		await release();
	}
	return path;
}

/** `verify`: every recorded file checked on disk (size, then SHA-256); the broken ones as a failed list. */
export async function runVerify(ctx: Ctx, opts: VerifyOpts): Promise<void> {
	const { m, io } = ctx;
	const { clock } = ctx;
	const loaded = await settingsFor(ctx, opts);
	const history = loaded.settings.historyFile;
	const rows = rowsReadHere(ctx, opts, dedupeHistory(await readRows(ctx, opts, history)), loaded.settings);
	if (rows.length === 0) throw new UsageError(msg("verifyEmpty", { path: history }));
	const startedAt = clock.now();
	const counts: VerifyCounts = { total: 0, ok: 0, missing: 0, sizeMismatch: 0, hashMismatch: 0, noHash: 0 };
	const render = verifyRenderer(ctx, opts, clock);
	const onEvent = (e: VerifyEvent) => {
		tallyVerify(counts, e);
		render(e);
	};
	const results = await verifyRows(rows, { downloadPaths: loaded.settings.downloadPaths, onEvent, signal: io.signal });
	const broken = results.filter((r) => isBroken(r.status));
	const failedListPath =
		opts.failedOut !== undefined && broken.length > 0 ? await writeVerifyFailedList(ctx, opts.failedOut, broken, loaded, clock) : null;
	const again = againFor(ctx, opts, loaded);
	await keepAndLog(ctx, opts, { results, broken, failedListPath, startedAtMs: startedAt, settings: loaded.settings, again });
	if (opts.json) {
		io.stdout.write(ndjson({ type: "verify_summary", ...counts, failedListPath }, clock.now()));
	} else {
		io.stdout.write(`${m.verifySummary({ ...counts, elapsed: formatDuration(clock.now() - startedAt, uiFor(ctx, opts).locale) })}\n`);
		if (failedListPath) {
			const command = shellLine(rerunFailedList(failedListPath, again));
			io.stdout.write(`${m.verifyFailedList({ path: failedListPath, command })}\n`);
		}
	}
	ctx.result.code = broken.length > 0 ? 1 : 0;
}

function fileLine(r: Omit<VerifyResult, "row" | "mtimeMs">, ctx: Ctx): string {
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

function failedRow(r: VerifyResult, ctx: Ctx, at: Date): FailedRow {
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
		timestamp: localTimestamp(at),
		error_kind: FAILED_KIND[r.status],
		error,
	};
}

/**
 * What verify found, kept for `report` (each file's verdict while it stays as it is), and the run's
 * line in the run log: the broken files, and the commands that download them again.
 */
async function keepAndLog(
	ctx: Ctx,
	opts: VerifyOpts,
	run: {
		results: VerifyResult[];
		broken: VerifyResult[];
		failedListPath: string | null;
		startedAtMs: number;
		/** The words naming the set-up (`--config <file>`, ...) in the commands printed to run again. */
		again: readonly string[];
		settings: LoadedSettings["settings"];
	},
): Promise<void> {
	const { m, clock } = ctx;
	const history = run.settings.historyFile;
	await keepVerify(history, run.results, clock.now()).catch((e: unknown) =>
		warn(ctx, opts, m.warnKeep({ path: keptVerifyPathFor(history), reason: wordsOf(e, m) })),
	);
	const failures = run.broken.map((r) => ({ name: r.name, kind: r.status, message: failedRow(r, ctx, new Date(clock.now())).error }));
	const list = run.failedListPath ?? join(dirname(history), "verify-failed.csv");
	const line = checkRunLine("verify", {
		startedAtMs: run.startedAtMs,
		elapsedMs: clock.now() - run.startedAtMs,
		exitCode: run.broken.length > 0 ? 1 : 0,
		checked: run.results.length,
		found: run.broken.length,
		failures,
		failedListPath: run.failedListPath,
		rerun:
			run.broken.length === 0
				? []
				: [...(run.failedListPath ? [] : [["verify", "--failed-out", list, ...run.again]]), rerunFailedList(list, run.again)],
	});
	const warning = await appendRunLog(history, line, { clock, timeoutMs: run.settings.lockTimeoutMs, signal: ctx.io.signal }, m);
	if (warning) warn(ctx, opts, warning);
}
