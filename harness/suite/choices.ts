// Option values the CLI offers too: here, not in schema.ts, so that defining the commands does not
// load zod (the CLI's start-up loads this module; only commands that read suites load the schema).

/** `source: logs` `dumps:` and `check --dumps`: each node's newest dump, or all of them. */
export const LOG_DUMP_CHOICES = ['latest', 'all'] as const;
