import { MAX_EVENTS_PER_APPEND } from './event-store';

/**
 * Global position of an event = commit sequence * 1024 + index in the commit: unique, strictly
 * increasing, and the commit is found again from the position alone. Position 0 is "before everything".
 */
export function positionOf(commitSeq: number, indexInCommit: number): number {
  return commitSeq * MAX_EVENTS_PER_APPEND + indexInCommit;
}

export function commitSeqOf(position: number): number {
  return Math.floor(position / MAX_EVENTS_PER_APPEND);
}

/** The first commit that may hold an event after `fromPosition` (exclusive checkpoint). */
export function firstCommitAfter(fromPosition: number | undefined): number {
  return Math.max(1, commitSeqOf(fromPosition ?? 0));
}
