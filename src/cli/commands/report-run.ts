// What `report` does (its registration is report.ts): loaded only when it runs.
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { intlLocale } from "../../i18n/index.js";
import { reportPathFor } from "../../library/kept.js";
import { libraryReport } from "../../library/report-data.js";
import { writeFileAtomic } from "../../platform/atomic-write.js";
import { openerFor, openFile } from "../../platform/opener.js";
import { reportPage } from "../../report/page.js";
import { type Ctx, jsonLine, warn } from "../context.js";
import { readRows, settingsFor } from "../context-run.js";
import type { ReportOpts } from "./report.js";

/** `report --check`: verify every file and ask Civitai for newer versions first, as those commands do (and keep what they find). */
async function checkFirst(ctx: Ctx, opts: ReportOpts): Promise<number> {
	const { runVerify } = await import("./library-run.js");
	const { runOutdated } = await import("./updates-run.js");
	await runVerify(ctx, opts);
	const verified = ctx.result.code;
	await runOutdated(ctx, opts);
	return Math.max(verified, ctx.result.code);
}

/** `report`: the library as one HTML page that works offline, next to the history (or `--out`). */
export async function runReport(ctx: Ctx, opts: ReportOpts): Promise<void> {
	const { m, io } = ctx;
	const loaded = await settingsFor(ctx, opts);
	const history = loaded.settings.historyFile;
	const rows = await readRows(ctx, opts, history);
	const code = opts.check && rows.length > 0 ? await checkFirst(ctx, opts) : 0;
	const out = opts.out === undefined ? reportPathFor(history) : resolve(io.cwd, opts.out);
	const report = await libraryReport(rows, { historyFile: history, downloadPaths: loaded.settings.downloadPaths });
	const html = reportPage(report, { m, lang: ctx.lang, locale: intlLocale(ctx.lang), pageDir: dirname(out), nowMs: ctx.clock.now() });
	await mkdir(dirname(out), { recursive: true });
	await writeFileAtomic(out, html);
	if (opts.json) jsonLine(ctx, { type: "report", path: out, models: report.cards.length, runs: report.runs.length });
	else if (!opts.quiet) io.stdout.write(`${m.reportWritten({ path: out })}\n`);
	if (opts.open) {
		const failed = await openFile(out, io.env);
		if (failed) warn(ctx, opts, m.reportOpenFailed({ path: out, reason: failed.message }));
		else if (!opts.quiet && !opts.json) io.stdout.write(`${m.reportOpened({ command: openerFor(process.platform, out).command })}\n`);
	}
	ctx.result.code = code;
	ctx.result.reportPath = out;
}
