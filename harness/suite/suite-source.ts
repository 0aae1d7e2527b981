import { ConfigError } from '../errors.js';
import { parseDuration } from '../util/parse-duration.js';
import { parseTimePoint } from '../util/time-point.js';
import type { ParsedYaml } from './parse-yaml.js';
import { formatPath, locate, type PathKey } from './yaml-locations.js';
import { messageText } from '../messages.js';

/** Builds the ConfigError for a value at a path of the suite: file:line:col and the field. */
export type Fail = (p: PathKey[], message: string) => ConfigError;

export function failAt(src: ParsedYaml): Fail {
  return (p, message) => new ConfigError(message, { file: src.file, ...locate(src.doc, src.counter, p), field: formatPath(p) });
}

export function durationAt(value: string | number, p: PathKey[], fail: Fail): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}

/** A duration that must not be 0: a zero timeout kills every run at once, a zero interval never ends. */
export function positiveDurationAt(value: string | number, p: PathKey[], fail: Fail, consequence: string): number {
  const seconds = durationAt(value, p, fail);
  if (seconds <= 0) throw fail(p, messageText('durationNotPositive', value, consequence));
  return seconds;
}

export function timeAt(value: string | number, p: PathKey[], fail: Fail): number {
  try {
    return parseTimePoint(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}
