import { invalid, usage } from '../../core/errors.js';
import { compileUserPattern, type UserPattern } from '../../core/user-pattern.js';
import { javaStringOrder } from '../../render/java-order.js';

export const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

export function isInternal(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

/**
 * Kafka's `--topic` on list/describe/alter/delete: trimmed, `,` means `|`, spaces and
 * surrounding quotes dropped, and the pattern must match the whole name.
 */
export function topicPattern(value: string): UserPattern {
  const cleaned = value.trim().replace(/,/g, '|').replace(/ /g, '').replace(/^["']+|["']+$/g, '');
  try {
    return compileUserPattern(`^(?:${cleaned})$`);
  } catch {
    throw usage(`${cleaned} is an invalid regex`, 'escape special characters, e.g. my\\.topic');
  }
}

export function selectTopics(all: string[], topic: string | undefined, excludeInternal: boolean): string[] {
  const pattern = topic === undefined ? null : topicPattern(topic);
  return all
    .filter((name) => !(excludeInternal && isInternal(name)))
    .filter((name) => pattern === null || pattern.test(name))
    .sort(javaStringOrder);
}

export function validateTopicName(name: string): void {
  if (name === '') throw invalid('Topic name is invalid: the empty string is not allowed');
  if (name === '.' || name === '..') throw invalid(`Topic name is invalid: '${name}' is not allowed`);
  if (name.length > 249) throw invalid(`Topic name is invalid: the length of '${name}' is longer than the max allowed length 249`);
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw invalid(`Topic name is invalid: '${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`);
  }
}
