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
      rss: z.number().nonnegative().optional(),
      rss_max: z.number().nonnegative().optional(),
    })
    .default({}),
  variables: z.record(z.string(), z.array(z.number().int().nonnegative())),
  /**
   * Per connection field, the largest single connection's footprint at each dump. Absent: the
   * baseline was recorded without connection data (an older package, or before it was added).
   */
  connections: z.record(z.string(), z.array(z.number().int().nonnegative())).optional(),
});

export const BaselineSchema = z.strictObject({
  suite: z.string(),
  zeek_version: z.string(),
  /** The build flavour of that Zeek (zeek-build.ts); absent in baselines written before it was recorded, or when unknown. */
  zeek_build: z.enum(ZEEK_FLAVOURS).optional(),
  package_version: z.string(),
  subjects: z.record(z.string(), BaselineSubjectSchema),
});

/** Per subject (trace or node): footprints per dump for every variable and connection field, timing medians, the trace checksum. */
export type BaselineSubject = z.infer<typeof BaselineSubjectSchema>;
export type Baseline = z.infer<typeof BaselineSchema>;
