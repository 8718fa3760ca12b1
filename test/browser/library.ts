import assert from "node:assert/strict";
import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import type { Fault } from "../../fake-civitai/faults.js";
import { flipByte } from "../helpers/files.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

const KiB = 1024;
type Rgb = [number, number, number];

/** A colour around the wheel (for previews that tell the cards apart in a screenshot). */
function hue(i: number, light: number): Rgb {
	const h = (i * 47) % 360;
	const f = (n: number) => {
		const k = (n + h / 30) % 12;
		return Math.round(255 * (light - 0.45 * Math.min(light, 1 - light) * 2 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
	};
	return [f(0), f(8), f(4)];
}

/** The hostile model's name and version: markup and a script end that must show as text. */
export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_VERSION = "</script><script>window.__pwned=2</script>";

/** Ids of the models the tests look at. */
export const IDS = {
	sizeMismatch: 2015, // grew after verify
	missing: 2005, // deleted, then fails in the night's run
	mismatch: 2006, // a byte flipped
	outdatedHave: 2007, // the older version of a model with a newer one
	outdatedNewest: 2107, // a version id of its own (2017 is another model's: Civitai's version ids are unique)
	hostile: 2008,
	night: 2029, // downloaded in the night after a 429
	notFound: 99999,
};

const TYPES: [string, string, number][] = [
	// type, base model, size in KiB
	["Checkpoint", "SDXL 1.0", 2048],
	["Checkpoint", "SD 1.5", 1536],
	["Checkpoint", "Pony", 1800],
	["Checkpoint", "Flux.1 D", 2600],
];
const NAMES = [
	"Dreamscape XL",
	"Photon Real",
	"Pony Mix",
	"Flux Tune",
	"Ink Wash",
	"Watercolor Wash",
	"Neon City",
	"Ink Sketch",
	"Hostile",
	"Paper Lantern",
	"Autumn Leaves",
	"Glass Figure",
	"Pixel Knight",
	"Soft Light",
	"Film Grain",
	"Origami",
	"Cyber Armor",
	"Oil Portrait",
	"Night Sky",
	"Chibi Style",
	"Detail Tweaker",
	"Easy Negative",
	"Bad Hands",
	"Fast Neg",
	"Kl F8 Anime",
	"Clear VAE",
	"Moss Texture",
	"Steampunk Gear",
	"Sumi-e",
	"Paper Cut",
];

export const NAMES_OF = (vid: number) => NAMES[vid - 2000]!;

/** The 30 models: 4 checkpoints, LoRAs (and LoCon, DoRA), embeddings and VAEs over five base models, each with a preview. */
export function libraryCatalogue(): FakeCatalogue {
	const bases = ["SD 1.5", "SDXL 1.0", "Pony", "Illustrious", "Flux.1 D"];
	const models: FakeModel[] = NAMES.map((name, i) => {
		const id = 200 + i;
		const vid = 2000 + i;
		const [type, baseModel, kib] =
			TYPES[i] ??
			(i >= 26
				? ["LoCon", bases[i % 5]!, 60 + i]
				: i >= 24
					? ["VAE", bases[i % 2]!, 300 + i * 3]
					: i >= 20
						? ["TextualInversion", bases[i % 3]!, 8 + i]
						: ["LORA", bases[i % 5]!, 40 + ((i * 37) % 160)]);
		const file = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "_")}.safetensors`;
		const version = {
			id: vid,
			name: vid === IDS.hostile ? HOSTILE_VERSION : "v1",
			baseModel,
			publishedAt: "2026-06-01T00:00:00.000Z",
			trainedWords: vid === IDS.hostile ? ["<b>bold</b>", "</textarea>"] : [`${name.toLowerCase().split(" ")[0]}_style`],
			files: [{ id: vid * 10, name: file, sizeBytes: kib * KiB, primary: true }],
			images: [{ format: "png" as const, nsfwLevel: 1, colors: [hue(i, 0.62), hue(i + 3, 0.3)] as [Rgb, Rgb] }],
		};
		const versions = [version];
		if (vid === IDS.outdatedHave) {
			versions.unshift({
				...version,
				id: IDS.outdatedNewest,
				name: "v2",
				publishedAt: "2026-10-01T00:00:00.000Z",
				files: [{ id: IDS.outdatedNewest * 10, name: "ink_sketch_v2.safetensors", sizeBytes: 90 * KiB, primary: true }],
			});
		}
		return { id, name: vid === IDS.hostile ? HOSTILE_NAME : name, type, versions };
	});
	return { models };
}

/** The night's faults: the deleted model's downloads answer a login page (after its first download), one 429 on another. */
function nightFaults(): Fault[] {
	const login = [2, 3, 4, 5, 6, 7, 8].map((attempt): Fault => ({ version: IDS.missing, attempt, kind: "login_page" }));
	return [...login, { version: IDS.night, attempt: 1, kind: "rate_limit", retryAfter: 0 }];
}

/**
 * A library made by the local Civitai as a user's would be after a few days: 29 models downloaded,
 * one file deleted and one damaged (found by verify), one model with a newer version (found by
 * outdated), then a night's run that downloads a 30th after a 429 and fails on two. Returns its folder.
 */
export async function makeLibrary(): Promise<{ dir: string; run: (args: string[]) => ReturnType<typeof runCli> }> {
	const server = await fakeCivitai({ catalogue: libraryCatalogue(), faults: nightFaults() });
	const dir = await tempDir();
	const config = await writeConfig(dir);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const run = (args: string[]) => runCli(args, { cwd: dir, env, timeoutMs: 120_000 });
	const first = NAMES.map((_, i) => 2000 + i).filter((v) => v !== IDS.night);
	const got = await run(["get", ...first.map((v) => `version:${v}`)]);
	assert.equal(got.code, 0, got.stderr);
	await rm(join(dir, "models/lora/watercolor_wash.safetensors"));
	await flipByte(join(dir, "models/lora/neon_city.safetensors"), 1000);
	assert.equal((await run(["verify"])).code, 1);
	// after verify: a file that grew (seen without hashing, by its size)
	await appendFile(join(dir, "models/lora/origami.safetensors"), "more bytes");
	const outdated = await run(["outdated"]);
	assert.equal(outdated.code, 0, outdated.stderr);
	const night = await run(["get", `version:${IDS.missing}`, `version:${IDS.night}`, `version:${IDS.notFound}`]);
	assert.equal(night.code, 1, night.stderr);
	return { dir, run };
}
