/**
 * framework.MaxNodeScore and plugins/helper DefaultNormalizeScore (normalize_score.go):
 * scale scores so the highest becomes 100, optionally reversed (100 − x). Integer division
 * truncates as Go's int64 division does.
 */
export const MAX_NODE_SCORE = 100;

/** Normalizes `scores` in place. With all scores 0: unchanged, or all 100 when reversed. */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let score = Math.trunc((maxPriority * (scores[i] as number)) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}
