// What `doctor` does (its registration is doctor.ts): loaded only when it runs.
import { resolve } from "node:path";
import { otherOrigins } from "../../civitai/origins.js";
import { defaultConfigPath } from "../../config/paths.js";
import {
	doctorExit,
	type Finding,
	judgeApi,
	judgeConfig,
	judgeFolder,
	judgeHistory,
	judgeHooks,
	judgeKey,
	judgeKeyElsewhere,
	judgeLock,
} from "../../core/doctor.js";
import { CivdlError, wordsOf } from "../../errors.js";
import { intlLocale } from "../../i18n/index.js";
import { hookLabel } from "../../notify/send.js";
import { type Ctx, jsonLine } from "../context.js";
import { notifierFor, settingsFor } from "../context-run.js";
import { askMe, folderFacts, historyFacts, lockFacts } from "../doctor-probe.js";
import { findingLine, reasonWords } from "../doctor-words.js";
import type { DoctorOpts } from "./doctor.js";

/** Every check, in the order a user would fix them; a config that does not load stops the rest. */
async function findings(ctx: Ctx, opts: DoctorOpts): Promise<Finding[]> {
	let loaded: Awaited<ReturnType<typeof settingsFor>>;
	try {
		loaded = await settingsFor(ctx, opts);
	} catch (e) {
		if (!(e instanceof CivdlError) || e.code !== "config") throw e;
		const path = resolve(ctx.io.cwd, opts.config ?? ctx.io.env.CIVITAI_DL_CONFIG ?? defaultConfigPath(ctx.io.env));
		return [judgeConfig(path, true, wordsOf(e, ctx.m))];
	}
	const s = loaded.settings;
	const out: Finding[] = [judgeConfig(loaded.configPath, loaded.configFound, null)];
	const me = await askMe(s.baseUrl, s.apiKey, { dispatcher: ctx.dispatcher, clock: ctx.clock, signal: ctx.io.signal });
	const origin = new URL(s.baseUrl).origin;
	out.push(judgeKey(s.apiKey !== "", me));
	if (s.apiKey !== "" && me.kind === "user") {
		for (const other of otherOrigins(s)) {
			const there = await askMe(other, s.apiKey, { dispatcher: ctx.dispatcher, clock: ctx.clock, signal: ctx.io.signal });
			out.push(judgeKeyElsewhere(other, there));
		}
	}
	out.push(judgeApi(origin, me));
	for (const folder of await folderFacts(s.downloadPaths)) out.push(judgeFolder(folder));
	out.push(...judgeHistory(await historyFacts(s.historyFile)));
	out.push(judgeLock(`${s.historyFile}.lock`, await lockFacts(s.historyFile)));
	const sent = opts.notify && s.webhooks.length > 0 ? await notifierFor(ctx, s).test() : null;
	const hooks = s.webhooks.map((w, i) => {
		const d = sent?.[i];
		return { hook: hookLabel(w.kind, i, w.url), sent: d ? { ok: d.ok, reason: d.reason } : null };
	});
	out.push(...judgeHooks(hooks));
	return out;
}

/** `doctor`: every check, one line each (or NDJSON), and a summary. */
export async function runDoctor(ctx: Ctx, opts: DoctorOpts): Promise<void> {
	const { m, io } = ctx;
	const locale = intlLocale(ctx.lang);
	const all = await findings(ctx, opts);
	const failed = all.filter((x) => x.status === "fail").length;
	if (opts.json) {
		for (const x of all) {
			const { r, ...params } = x.reason;
			const line = { type: "doctor_check", check: x.check, status: x.status, reason: r, ...params };
			jsonLine(ctx, { ...line, message: reasonWords(m, locale, x.reason) });
		}
		jsonLine(ctx, { type: "doctor_summary", ok: failed === 0, failed });
	} else {
		for (const x of all) io.stdout.write(`${findingLine(m, locale, x)}\n`);
		io.stdout.write(`${failed === 0 ? m.doctorAllGood() : m.doctorSomeFailed({ count: failed })}\n`);
	}
	ctx.result.code = doctorExit(all);
}
