// The policy stand-in: prompts naming a real person, or carrying the documented trigger word, fail as moderated.
// Real rule: "Real people—including public figures—cannot be generated"
// (docs/design/openai-videos-protocol.md#content-rules).
export const moderationTrigger = 'MODERATION_TEST';

export const blockedPeople: readonly string[] = [
  'Taylor Swift',
  'Barack Obama',
  'Elon Musk',
  'Tom Cruise',
  'Beyoncé',
  'Donald Trump',
  'Keanu Reeves',
  'Scarlett Johansson',
];

export const moderationFailure = { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' } as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_])(${[moderationTrigger, ...blockedPeople].map(escapeRegExp).join('|')})(?=$|[^\\p{L}\\p{N}_])`, 'iu');

export function isModerated(prompt: string): boolean {
  return pattern.test(prompt.normalize('NFC'));
}
