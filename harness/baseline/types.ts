import { z } from 'zod';
import { ZEEK_FLAVOURS } from './zeek-build.js';

export const BaselineSubjectSchema = z.strictObject({
  sha256: z.string().optional(),
  dumps: z.number().int().nonnegative(),
  timing: z
    .strictObject({
      footprint_call: z.number().nonnegative().optional(),
      wall: z.number().nonnegative().optional(),
      peak_rss: z.number().nonnegative().optional(),
    })
    .default({}),
  variables: z.record(z.string(), z.array(z.number().int().nonnegative())),
});

export const BaselineSchema = z.strictObject({
  suite: z.string(),
  zeek_version: z.string(),
  /** The build flavour of that Zeek (zeek-build.ts); absent in baselines written before it was recorded, or when unknown. */
  zeek_build: z.enum(ZEEK_FLAVOURS).optional(),
  package_version: z.string(),
  subjects: z.record(z.string(), BaselineSubjectSchema),
});

/** Per subject (trace or node): footprints per dump for every variable, timing medians, the trace checksum. */
export type BaselineSubject = z.infer<typeof BaselineSubjectSchema>;
export type Baseline = z.infer<typeof BaselineSchema>;
