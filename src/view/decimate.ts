/**
 * Charts draw at most a few hundred points per line, however long the run: a 1,000-epoch curve
 * would otherwise grow every redraw's path strings without bound. Each bucket keeps its lowest and
 * highest point (in x order), so spikes and the best epoch survive; the first and last points
 * always stay so the line spans the whole run.
 */
export function decimate<P>(points: readonly P[], maxPoints: number, y: (p: P) => number): P[] {
  if (points.length <= maxPoints || maxPoints < 4) return points.slice();
  const first = points[0];
  const last = points[points.length - 1];
  const inner = points.length - 2;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out: P[] = [first];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (to <= from) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const v = y(points[i]);
      if (v < y(points[lo]) || Number.isNaN(y(points[lo]))) lo = i;
      if (v > y(points[hi]) || Number.isNaN(y(points[hi]))) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  out.push(last);
  return out;
}
