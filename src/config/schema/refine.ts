/**
 * Cross-field checks run even when other fields already failed, so one start-up error lists every
 * problem. Such checks must therefore be defensive about the shape of what they read.
 */
export const ALWAYS = { when: () => true } as const;
