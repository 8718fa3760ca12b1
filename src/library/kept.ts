import { dirname, join } from "node:path";
import { z } from "zod";
import type { KeptCheck } from "../core/library-status.js";
import type { Outdated } from "../core/updates.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { readJsonFile } from "../platform/bounded-json.js";
import type { VerifyResult } from "./verify.js";

/**
 * What `verify` and `outdated` (and `update`'s check) found last, kept next to the history for the
 * report (`<history>.verify.json`, `<history>.outdated.json`): whole files, replaced by the next
 * check. Read within bounds and leniently: a damaged file reads as "not checked".
 */
export function keptVerifyPathFor(historyFile: string): string {
	return `${historyFile}.verify.json`;
}

export function keptOutdatedPathFor(historyFile: string): string {
	return `${historyFile}.outdated.json`;
}

const BOUNDS = { maxBytes: 64 * 1024 * 1024, maxDepth: 8 };

const CheckSchema = z.object({
	status: z.enum(["ok", "missing", "size_mismatch", "hash_mismatch", "no_hash"]),
	size: z.number().nullable(),
	mtimeMs: z.number().nullable(),
});

const KeptVerifySchema = z.object({ checkedAt: z.string(), files: z.record(z.string(), CheckSchema) });

/** A newer version than the one the library has, as `outdated` found it. */
const NewerSchema = z.object({
	modelId: z.int(),
	haveVersionId: z.int(),
	newest: z.object({
		id: z.int(),
		name: z.string().nullable(),
		baseModel: z.string().nullable(),
		publishedAt: z.string().nullable(),
	}),
	baseModelChanged: z.boolean(),
});

const KeptOutdatedSchema = z.object({ checkedAt: z.string(), models: z.array(NewerSchema) });

export type KeptNewer = z.output<typeof NewerSchema>;
export interface KeptVerify {
	checkedAt: string | null;
	/** Absolute path → what verify found. */
	files: Map<string, KeptCheck>;
}
export interface KeptOutdated {
	checkedAt: string | null;
	/** Model id → its newer version. */
	models: Map<number, KeptNewer>;
}

/** Keep what `verify` found (every file it checked). */
export async function keepVerify(historyFile: string, results: readonly VerifyResult[], atMs: number): Promise<void> {
	const files = Object.fromEntries(results.map((r) => [r.path, { status: r.status, size: r.actualSize, mtimeMs: r.mtimeMs }]));
	await writeFileAtomic(keptVerifyPathFor(historyFile), JSON.stringify({ checkedAt: new Date(atMs).toISOString(), files }));
}

/** Keep what `outdated` found: the models with a newer version. */
export async function keepOutdated(historyFile: string, outdated: readonly Outdated[], atMs: number): Promise<void> {
	const models: KeptNewer[] = outdated.map((o) => ({
		modelId: o.modelId,
		haveVersionId: o.have.id,
		newest: {
			id: o.newest.id,
			name: o.newest.name ?? null,
			baseModel: o.newest.baseModel ?? null,
			publishedAt: o.newest.publishedAt ?? null,
		},
		baseModelChanged: o.baseModelChanged,
	}));
	await writeFileAtomic(keptOutdatedPathFor(historyFile), JSON.stringify({ checkedAt: new Date(atMs).toISOString(), models }));
}

export async function readKeptVerify(historyFile: string): Promise<KeptVerify> {
	const r = KeptVerifySchema.safeParse(await readJsonFile(keptVerifyPathFor(historyFile), BOUNDS));
	if (!r.success) return { checkedAt: null, files: new Map() };
	return { checkedAt: r.data.checkedAt, files: new Map(Object.entries(r.data.files)) };
}

export async function readKeptOutdated(historyFile: string): Promise<KeptOutdated> {
	const r = KeptOutdatedSchema.safeParse(await readJsonFile(keptOutdatedPathFor(historyFile), BOUNDS));
	if (!r.success) return { checkedAt: null, models: new Map() };
	return { checkedAt: r.data.checkedAt, models: new Map(r.data.models.map((m) => [m.modelId, m])) };
}

/** Where `report` writes the page unless told: beside the history. */
export function reportPathFor(historyFile: string): string {
	return join(dirname(historyFile), "civitai-dl-report.html");
}
