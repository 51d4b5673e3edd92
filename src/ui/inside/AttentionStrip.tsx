import { type MouseEvent, memo } from 'react';
import { weightColors } from '../../view/attentionView';

interface AttentionStripProps {
  /** [T] the weights drawn, one bar per step. */
  alpha: Float32Array;
  /** The scale's top (shared by the strips drawn together). */
  top: number;
  width: number;
  height: number;
  /** The step under the cursor (hovered or picked). */
  cursorT: number;
  /** An even spread's weight, dashed across: 1 over the steps that hold input (a text's padding is masked). */
  even: number;
  /** Steps outlined (the adding problem's marked values). */
  marked: readonly number[];
  testId: string;
  epoch: number;
  onPoint(t: number | null): void;
  onPick(t: number): void;
}

/**
 * One epoch's attention over the window: a bar per step, as tall as α_t on the strips' shared
 * scale and shaded by it, in the same columns as the input strip above (step t spans
 * [t, t+1)·width/T); an even spread dashed across; the marked steps outlined.
 */
export const AttentionStrip = memo(function AttentionStrip(props: AttentionStripProps) {
  const { alpha, top, width, height, marked } = props;
  const steps = alpha.length;
  const cw = width / steps;
  const y = barTop(top, height);
  const stepAt = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return Math.min(steps - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * steps)));
  };
  const sum = alpha.reduce((a, b) => a + b, 0);
  return (
    <svg
      width={width}
      height={height}
      className="attention-strip"
      data-testid={props.testId}
      data-steps={steps}
      data-sum={sum}
      data-epoch={props.epoch}
      aria-hidden="true"
      onPointerMove={(e) => props.onPoint(stepAt(e))}
      onPointerLeave={() => props.onPoint(null)}
      onClick={(e) => props.onPick(stepAt(e))}
    >
      <Bars alpha={alpha} top={top} width={width} height={height} />
      {marked.map((t) => (
        <rect
          key={`m${t}`}
          className="attention-marked"
          x={t * cw}
          y={1}
          width={Math.max(2, cw)}
          height={height - 2}
        />
      ))}
      <line
        className="attention-uniform"
        data-even={props.even}
        x1={0}
        x2={width}
        y1={y(props.even)}
        y2={y(props.even)}
      />
      <line className="attention-base" x1={0} x2={width} y1={height - 1.5} y2={height - 1.5} />
      <rect
        className="attention-cursor"
        x={props.cursorT * cw + 1}
        y={1}
        width={Math.max(2, cw - 2)}
        height={height - 2}
      />
    </svg>
  );
});

/** Where a weight's bar starts (its top) in a strip `height` tall whose scale ends at `top`. */
const barTop = (top: number, height: number) => (a: number) => height - 2 - (a / top) * (height - 4);

/**
 * The bars alone, memoised apart from the cursor: moving the pointer along a long window (T 200)
 * redraws one outline, not T bars.
 */
const Bars = memo(function Bars(props: { alpha: Float32Array; top: number; width: number; height: number }) {
  const { alpha, top, width, height } = props;
  const cw = width / alpha.length;
  const y = barTop(top, height);
  return (
    <g>
      {Array.from(alpha, (a, t) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: a bar is its step
          key={t}
          className="attention-bar"
          x={t * cw + (cw > 4 ? 0.5 : 0)}
          y={y(a)}
          width={Math.max(1, cw > 4 ? cw - 1 : cw)}
          height={height - 2 - y(a)}
          fill={weightColors(a, top).background}
          data-alpha={a}
        />
      ))}
    </g>
  );
});
