/**
 * The Civitai origins a user's models live on: `base_url`'s, then the civitai.red one when
 * configured and different. (Placeholder until the .red origin lands; the lead keeps RED's version.)
 */
export function civitaiOrigins(settings: { baseUrl: string; redBaseUrl?: string | null }): string[] {
	const base = new URL(settings.baseUrl).origin;
	const red = settings.redBaseUrl ? new URL(settings.redBaseUrl).origin : undefined;
	return red && red !== base ? [base, red] : [base];
}
