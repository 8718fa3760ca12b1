import type { Messages } from "../i18n/index.js";
import { DISCORD_LIMITS, discordEscape, SLACK_TEXT_LIMIT, slackEscape, truncate, type WebhookKind } from "./payloads.js";

/** One model with a newer version, as a webhook tells it. */
export interface OutdatedNote {
	modelId: number;
	name: string;
	have: { id: number; name: string | null; baseModel: string | null };
	newest: { id: number; name: string | null; baseModel: string | null; publishedAt: string | null };
	baseModelChanged: boolean;
	/** The newest version for your base model when the newest is for another (what `update` takes). */
	newestSameBase?: { id: number; name: string | null; baseModel: string | null } | null;
}

/** How many models a message lists before "…and N more". */
export const MAX_LISTED_MODELS = 25;

const label = (v: { id: number; name: string | null }) => (v.name ? `${v.name} (#${v.id})` : `#${v.id}`);

/** The list's lines (names escaped for the target), at most MAX_LISTED_MODELS and "…and N more". */
function lines(models: readonly OutdatedNote[], m: Messages, esc: (s: string) => string): string[] {
	const line = (o: OutdatedNote, v: { id: number; name: string | null; baseModel: string | null }, changed: boolean) =>
		m.notifyOutdatedLine({
			name: esc(truncate(o.name, 200)),
			have: esc(truncate(label(o.have), 200)),
			newest: esc(truncate(label(v), 200)),
			base: esc(v.baseModel ?? "?"),
			changed,
		});
	// a model whose newest version is for another base model also gets the line of the newest for yours
	const out = models
		.slice(0, MAX_LISTED_MODELS)
		.flatMap((o) =>
			o.baseModelChanged && o.newestSameBase
				? [line(o, o.newest, true), line(o, o.newestSameBase, false)]
				: [line(o, o.newest, o.baseModelChanged)],
		);
	if (models.length > MAX_LISTED_MODELS) out.push(m.notifyMoreOutdated({ count: models.length - MAX_LISTED_MODELS }));
	return out.map((l) => `• ${l}`);
}

/** "3 models have new versions", with the list: Discord's embed, Slack's text, or the JSON of the models. */
export function outdatedPayload(kind: WebhookKind, models: readonly OutdatedNote[], m: Messages, host: string): Record<string, unknown> {
	const title = m.notifyTitleOutdated({ host, count: models.length });
	if (kind === "discord") {
		const description = truncate(lines(models, m, discordEscape).join("\n"), DISCORD_LIMITS.description);
		return {
			content: truncate(title, DISCORD_LIMITS.content),
			embeds: [{ color: 0x3498db, description }], // the title is the content: said once
			allowed_mentions: { parse: [] },
		};
	}
	if (kind === "slack") {
		const text = [`*${slackEscape(truncate(title, 500))}*`, ...lines(models, m, (s) => s).map(slackEscape)].join("\n");
		return { text: truncate(text, SLACK_TEXT_LIMIT) };
	}
	return { source: "civitai-dl", host, event: "outdated", title, models };
}
