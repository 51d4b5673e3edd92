import { trainRecord } from './src/cli/storyRun';
import { DEFAULT_CONFIG, type Config } from './src/model/config';

const att = process.argv[2] as 'additive' | 'dot';
for (const seed of process.argv[3].split(',').map(Number)) {
  const config: Config = {
    ...DEFAULT_CONFIG,
    dataset: { name: 'spam', trainSize: 1600, noise: 0, valFraction: 0.2, timesteps: 24 },
    layers: [32], attention: att, learningRate: 0.005, batchSize: 32, epochs: 8, seed, optimizer: 'adam',
  };
  const t0 = Date.now();
  const r = await trainRecord(config, { windows: 400, epochProbes: false, sentences: [] });
  const vocab = r.dataset.vocabulary ?? [];
  const F = r.dataset.features; const T = r.dataset.timesteps;
  const sum = new Map<string, { w: number; n: number; top: number }>();
  let topShare = 0;
  const spamIdx = (r.dataset.classNames ?? []).indexOf('spam');
  const occ = new Map<string, { spam: number; all: number }>();
  let wi = 0;
  for (const { input, activations } of r.windows) {
    const isSpam = r.dataset.val.y[wi * 2 + spamIdx] > 0.5; wi++;
    const a = activations.attention!.alpha;
    let best = -1; let bestA = -1; let real = 0;
    for (let t = 0; t < T; t++) {
      let id = -1;
      for (let f = 0; f < F; f++) if (input[t * F + f] > 0.5) id = f;
      if (id < 0) continue;
      real++;
      { const o = occ.get(vocab[id] ?? `#${id}`) ?? { spam: 0, all: 0 }; o.all++; if (isSpam) o.spam++; occ.set(vocab[id] ?? `#${id}`, o); }
      const word = vocab[id] ?? `#${id}`;
      const e = sum.get(word) ?? { w: 0, n: 0, top: 0 };
      e.w += a[t]; e.n++; sum.set(word, e);
      if (a[t] > bestA) { bestA = a[t]; best = id; }
    }
    topShare += bestA;
    const bw = vocab[best] ?? `#${best}`; const e = sum.get(bw)!; e.top++;
  }
  const last = r.reports[r.reports.length - 1];
  const acc = last.metrics.task === 'classification' ? last.metrics.accuracy : NaN;
  const ranked = [...sum.entries()].filter(([, e]) => e.n >= 10).sort((x, y) => y[1].w / y[1].n - x[1].w / x[1].n).slice(0, 12);
  const top10 = [...sum.entries()].filter(([, e]) => e.n >= 10).sort((x, y) => y[1].w / y[1].n - x[1].w / x[1].n).slice(0, 10);
  let ts = 0, ta = 0, as = 0, aa = 0;
  for (const [w] of top10) { const o = occ.get(w)!; ts += o.spam; ta += o.all; }
  for (const o of occ.values()) { as += o.spam; aa += o.all; }
  // weight-weighted: share of all attention mass (over windows) on words, split by spam-ness of the word (spam share of occurrences > 0.5)
  console.log(`  top-10 words' occurrences in spam: ${(ts / ta).toFixed(3)} vs all words ${(as / aa).toFixed(3)}`);
  console.log(`${att} seed ${seed}: acc ${acc.toFixed(3)}, mean max α ${(topShare / r.windows.length).toFixed(3)}; top mean-α words: ${ranked.map(([w, e]) => `${w} ${(e.w / e.n).toFixed(2)}(${e.n})`).join(', ')} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
