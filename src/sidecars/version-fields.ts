import { z } from "zod";
import type { WireFile, WireVersion } from "../civitai/wire-types.js";

/**
 * The fields of a version object that the sidecars read beyond the ones the engine checks: read
 * leniently (a field of the wrong type reads as absent; a sidecar never fails a model).
 */
const lenient = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);

const ImageSchema = z.object({
	url: lenient(z.string()),
	type: lenient(z.string()),
	nsfwLevel: lenient(z.number()),
	/** Older answers: "None", "Soft", "Mature", "X". */
	nsfw: lenient(z.union([z.string(), z.boolean()])),
});

const ExtraSchema = z.object({
	description: lenient(z.string()),
	trainedWords: lenient(z.array(z.string()).catch([])),
	images: lenient(z.array(ImageSchema.catch({}))),
	model: lenient(z.object({ nsfw: lenient(z.boolean()) })),
});

export type WireImage = z.output<typeof ImageSchema>;

export interface VersionFields {
	description: string;
	trainedWords: string[];
	images: WireImage[];
	nsfw: boolean | undefined;
}

export function versionFields(v: WireVersion): VersionFields {
	const r = ExtraSchema.safeParse(v);
	const x = r.success ? r.data : {};
	return {
		description: x.description ?? "",
		trainedWords: (x.trainedWords ?? []).filter((w) => w.trim() !== ""),
		images: x.images ?? [],
		nsfw: x.model?.nsfw,
	};
}

/** The file the model on disk is (by id), else undefined. */
export function fileOf(v: WireVersion, fileId: number): WireFile | undefined {
	return (v.files ?? []).find((f) => f.id === fileId);
}
