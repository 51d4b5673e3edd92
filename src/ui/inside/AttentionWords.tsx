import type { InsideProbe } from '../../engine/host/inside';
import type { FirstAttention } from '../../state/workerMessages';
import { attentionRowName, percent, weightColors } from '../../view/attentionView';
import { useT } from '../useT';

/** Text: each word shaded by its weight, this epoch's line above the first epoch's. */
export function AttentionWords(props: {
  probe: InsideProbe;
  first: FirstAttention | null;
  top: number;
  onPoint(t: number | null): void;
}) {
  const t = useT();
  const { probe, first, top } = props;
  const words = probe.words ?? [];
  const line = (alpha: Float32Array, testId: string) => (
    <p className="words attention-words" data-testid={testId} onPointerLeave={() => props.onPoint(null)}>
      {words.map((word, step) => {
        if (word === null) return null;
        const c = weightColors(alpha[step], top);
        return (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: a word is its step
            key={step}
            className="word"
            style={{ background: c.background, color: c.ink }}
            data-testid="attention-word"
            data-alpha={alpha[step]}
            onPointerEnter={() => props.onPoint(step)}
          >
            {word}
            <small>{percent(alpha[step])}</small>
          </span>
        );
      })}
    </p>
  );
  const pad = words.reduce(
    (sum, w, step) => (w === null ? sum + probe.activations.attention!.alpha[step] : sum),
    0,
  );
  return (
    <div className="attention-text">
      <p className="note">{t('attViewWords')}</p>
      <p className="readout-title">{attentionRowName(probe, t)}</p>
      {line(probe.activations.attention!.alpha, 'attention-words-now')}
      {first && <p className="readout-title">{t('attViewRow', { epoch: first.epoch })}</p>}
      {first && line(first.attention.alpha, 'attention-words-first')}
      {/* The engines mask the padding: it holds weight only in a text with no word at all. */}
      {pad > 0 && <p className="note">{t('attViewPaddingWeight', { weight: percent(pad) })}</p>}
      {pad === 0 && words.includes(null) && (
        <p className="note" data-testid="attention-padding-masked">
          {t('attViewPaddingMasked')}
        </p>
      )}
    </div>
  );
}
