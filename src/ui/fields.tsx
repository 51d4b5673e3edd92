import { type KeyboardEvent, type ReactNode, useEffect, useId, useState } from 'react';

/**
 * Labelled form controls. Number boxes commit on Enter, blur or the arrow keys, not on every
 * keystroke: typing "64" must not ask to restart the run at "6".
 */
interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  testId?: string;
  hint?: string;
  onCommit(value: number): void;
}

export function NumberField({
  label,
  value,
  min,
  max,
  step = 'any',
  integer,
  testId,
  hint,
  onCommit,
}: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = (text: string) => {
    const parsed = Number(text);
    if (text.trim() === '' || !Number.isFinite(parsed)) return setDraft(String(value));
    let next = Math.min(max, Math.max(min, parsed));
    if (integer) next = Math.round(next);
    // The box shows the config's value: the new one once the config takes it (the effect above),
    // the old one while a restart waits for a yes and after a no. A draft left in the box would
    // be committed again on its next blur, and ask again.
    setDraft(String(value));
    if (next !== value) onCommit(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    // The commit may open the restart dialog, which focuses its first button: without this, the
    // same Enter would then press that button ("Keep the current run") at once.
    e.preventDefault();
    commit(e.currentTarget.value);
  };
  const onKeyUp = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') commit(e.currentTarget.value);
  };
  return (
    <div className="field" title={hint}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={draft}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
      />
    </div>
  );
}

interface RangeFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  testId?: string;
  format?: (v: number) => string;
  onChange(value: number): void;
}

export function RangeField({
  label,
  value,
  min,
  max,
  step,
  testId,
  format = String,
  onChange,
}: RangeFieldProps) {
  const id = useId();
  return (
    <div className="field range">
      <label htmlFor={id}>
        {label} <output htmlFor={id}>{format(value)}</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </div>
  );
}

interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  testId?: string;
  /** A short help text under the select, which a screen reader reads as its description. */
  help?: string;
  onChange(value: V): void;
}

export function SelectField<V extends string>({
  label,
  value,
  options,
  testId,
  help,
  onChange,
}: SelectFieldProps<V>) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        aria-describedby={help ? helpId : undefined}
        onChange={(e) => onChange(e.target.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {help && (
        <small id={helpId} className="note" data-testid={testId && `${testId}-help`}>
          {help}
        </small>
      )}
    </div>
  );
}

export function CheckField(props: {
  label: string;
  checked: boolean;
  testId?: string;
  onChange(v: boolean): void;
}) {
  const id = useId();
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

export function Group({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <fieldset className="group">
      <legend>{title}</legend>
      {note && <p className="note">{note}</p>}
      {children}
    </fieldset>
  );
}
