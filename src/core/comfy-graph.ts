import type { Category } from "./categories.js";
import { boundedArray, boundedEntries, type ImageResource, idOf, weightOf } from "./image-resources.js";

/**
 * The models a ComfyUI graph loads: the `prompt` chunk (the API format, `{id: {class_type, inputs}}`)
 * or the `workflow` chunk and a saved workflow `.json` (the UI format, `{nodes: [{type,
 * widgets_values, mode}]}`). Loader inputs name checkpoints, UNets, LoRAs (LoraLoader, rgthree's
 * Power Lora Loader, LoRA Manager's loader), VAEs, ControlNets and upscalers; `embedding:name` in a
 * text names an embedding; a name holding `civitai:MODEL@VERSION` names its version. A muted or
 * bypassed node (mode 2 or 4) loads nothing. Names only, never hashes: they are matched against the
 * library and otherwise reported as unknown. Pure.
 */

/** The most nodes read from one graph (a large workflow has a few hundred). */
export const MAX_NODES = 10_000;

/** Loader input names and what they load. */
const INPUTS: Record<string, Category> = {
	ckpt_name: "checkpoint",
	unet_name: "checkpoint",
	lora_name: "lora",
	lora: "lora",
	vae_name: "vae",
	control_net_name: "controlnet",
};

const MODEL_FILE = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft|onnx)$/i;

/** What a node type loads, from its name (the UI format has no input names for its widgets). */
function kindOfNode(type: string): Category | undefined {
	const t = type.toLowerCase();
	if (/upscale/.test(t) && /load/.test(t)) return "upscaler";
	if (/controlnet/.test(t)) return "controlnet";
	if (/lora|lycoris/.test(t)) return "lora";
	if (/vae/.test(t) && /load/.test(t)) return "vae";
	if (/checkpoint|unet|diffusion/.test(t) && /load/.test(t)) return "checkpoint";
	return undefined;
}

function named(kind: Category, value: string, weight?: unknown): ImageResource {
	const air = /civitai:(\d+)@(\d+)/i.exec(value);
	return {
		kind,
		name: value.split(/[\\/]/).pop() ?? value,
		hashes: [],
		...(air ? { modelId: idOf(air[1]), versionId: idOf(air[2]) } : {}),
		weight: weightOf(weight),
	};
}

/** `embedding:name` in a prompt text (ComfyUI's syntax). */
function embeddings(text: string): ImageResource[] {
	return [...text.matchAll(/\bembedding:([^\s,()<>:"]+)/gi)].map((m) => named("embedding", m[1]!.replace(/[.,;]+$/, "")));
}

/** One API-format node's loads: its loader inputs, rgthree's `lora_N` objects, LoRA Manager's `loras` list. */
function apiNode(node: Record<string, unknown>, file: string): ImageResource[] {
	const classType = typeof node.class_type === "string" ? node.class_type : "";
	const out: ImageResource[] = [];
	for (const [k, v] of boundedEntries(node.inputs, file, "prompt")) {
		if (typeof v === "string") {
			const kind = INPUTS[k] ?? (k === "model_name" ? kindOfNode(classType) : undefined);
			if (kind && v !== "None" && v !== "") out.push(named(kind, v, (node.inputs as Record<string, unknown>).strength_model));
			out.push(...embeddings(v));
		} else if (/^lora_\d+$/.test(k) && v && typeof v === "object") {
			const l = v as Record<string, unknown>;
			if (l.on !== false && typeof l.lora === "string" && l.lora !== "None") out.push(named("lora", l.lora, l.strength));
		} else if (k === "loras") {
			for (const x of boundedArray(v, file, "prompt")) {
				const l = (x ?? {}) as Record<string, unknown>;
				if (l.active !== false && typeof l.name === "string") out.push(named("lora", l.name, l.strength));
			}
		}
	}
	return out;
}

/** One UI-format node's loads: the model files among its widget values, weighted by the number after a LoRA's. */
function uiNode(node: Record<string, unknown>, file: string): ImageResource[] {
	if (node.mode === 2 || node.mode === 4) return [];
	const type = typeof node.type === "string" ? node.type : "";
	const kind = kindOfNode(type);
	const widgets = Array.isArray(node.widgets_values)
		? node.widgets_values
		: boundedEntries(node.widgets_values, file, "workflow").map(([, v]) => v);
	const values = boundedArray(widgets, file, "workflow");
	const out: ImageResource[] = [];
	for (const [i, v] of values.entries()) {
		if (typeof v === "string") {
			if (kind && MODEL_FILE.test(v)) out.push(named(kind, v, kind === "lora" ? values[i + 1] : undefined));
			out.push(...embeddings(v));
		} else if (v && typeof v === "object" && !Array.isArray(v)) {
			const l = v as Record<string, unknown>; // rgthree: {on, lora, strength}
			if (l.on !== false && typeof l.lora === "string" && MODEL_FILE.test(l.lora)) out.push(named("lora", l.lora, l.strength));
		}
	}
	return out;
}

/** Whether parsed JSON is a ComfyUI graph (either format). */
export function isComfyGraph(v: unknown): boolean {
	if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
	if (Array.isArray((v as { nodes?: unknown }).nodes)) return true;
	return Object.values(v).some((n) => n !== null && typeof n === "object" && "class_type" in n);
}

/** The models a ComfyUI graph (API or UI format) loads, in node order (not yet merged). */
export function comfyResources(graph: unknown, file: string, key: string): ImageResource[] {
	if (graph === null || typeof graph !== "object") return [];
	const nodes = (graph as { nodes?: unknown }).nodes;
	if (Array.isArray(nodes)) {
		return boundedArray(nodes, file, key, MAX_NODES).flatMap((n) =>
			n && typeof n === "object" ? uiNode(n as Record<string, unknown>, file) : [],
		);
	}
	const entries = boundedEntries(graph, file, key);
	return entries.flatMap(([, n]) => (n && typeof n === "object" && "class_type" in n ? apiNode(n as Record<string, unknown>, file) : []));
}
