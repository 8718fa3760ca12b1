// What `doctor` does (its registration is doctor.ts): loaded only when it runs.
import { resolve } from "node:path";
import { defaultConfigPath } from "../../config/paths.js";
import {
	doctorExit,
	type Finding,
	judgeApi,
	judgeConfig,
	judgeFolders,
	judgeHistory,
	judgeHooks,
	judgeKey,
	judgeKeyElsewhere,
	judgeLock,
	judgeRoot,
} from "../../core/doctor.js";
import { CivdlError, wordsOf } from "../../errors.js";
import { intlLocale } from "../../i18n/index.js";
import { hookLabel } from "../../notify/send.js";
import { type Ctx, jsonLine } from "../context.js";
import { notifierFor, settingsFor } from "../context-run.js";
import { askMe, folderFacts, historyFacts, lockFacts, probeRequests, rootFacts } from "../doctor-probe.js";
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
	const requests = probeRequests(await ctx.http(), s, ctx.io.signal);
	const me = await askMe(requests);
	out.push(judgeKey(s.apiKey !== "", me));
	// the key goes only where the settings say: the red site when one is configured, never a guessed twin
	if (s.apiKey !== "" && me.kind === "user") {
		for (const site of requests.sites.all.slice(1)) out.push(judgeKeyElsewhere(site.origin, await askMe(requests, site)));
	}
	out.push(judgeApi(requests.sites.base.origin, me));
	const root = s.layout !== null && s.root !== null ? await rootFacts(s.layout, s.root) : null;
	if (root !== null) out.push(judgeRoot(root));
	out.push(...judgeFolders(await folderFacts(s.downloadPaths), root));
	out.push(...judgeHistory(await historyFacts(s.historyFile)));
	out.push(judgeLock(`${s.historyFile}.lock`, await lockFacts(s.historyFile)));
	const sent = opts.notify && s.webhooks.length > 0 ? await (await notifierFor(ctx, s, true)).test() : null;
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
