import { type ChangeEvent, memo, useId, useMemo, useState } from 'react';
import { formatBytes, MAX_FILE_BYTES } from '../data/customInput';
import type { Task } from '../data/types';
import { usePlayground } from '../state/store';
import { csvColumns } from '../view/csvColumns';
import { SelectField } from './fields';
import { useT } from './useT';
import { ProgressLine } from './WorkProgress';

/** Enough of a file's start to hold its header row: the page reads this much, the worker the rest. */
const HEADER_BYTES = 64 * 1024;

type Kind = 'csv' | 'text';

/**
 * The form's draft (kind, pasted text or chosen file, name, column, task) and what changes it. A
 * file over the limit is refused by its size before it is read; otherwise only its header is read.
 */
function useCustomDraft() {
  const loadCustomData = usePlayground((s) => s.loadCustomData);
  const missingName = usePlayground((s) => s.customMissingName);
  const [kind, setKind] = useState<Kind>('csv');
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ blob: Blob; header: string } | null>(null);
  const [tooLarge, setTooLarge] = useState<number | null>(null);
  const [name, setName] = useState(missingName ?? 'my data');
  const [column, setColumn] = useState('');
  const [task, setTask] = useState<Task>('regression');
  const header = file ? file.header : text;
  const columns = useMemo(() => (kind === 'csv' ? csvColumns(header) : []), [kind, header]);
  const chosenColumn = columns.includes(column) ? column : (columns[columns.length - 1] ?? '');

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    e.target.value = ''; // the same file chosen again is a new choice
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setTooLarge(chosen.size);
      return;
    }
    setTooLarge(null);
    setFile({ blob: chosen, header: await chosen.slice(0, HEADER_BYTES).text() });
    setText('');
    setName(chosen.name.slice(0, 80));
    if (/\.(txt|tsv)$/i.test(chosen.name)) setKind('text');
  };
  const onPaste = (value: string) => {
    setFile(null);
    setTooLarge(value.length > MAX_FILE_BYTES ? value.length : null);
    setText(value);
  };
  const submit = () => {
    const common = {
      name: name.trim().slice(0, 80) || 'my data',
      kind,
      column: kind === 'csv' ? chosenColumn : undefined,
      task: kind === 'csv' ? task : ('classification' as const),
    };
    loadCustomData(file ? { ...common, file: file.blob } : { ...common, text });
  };
  const ready = (file !== null || text.trim() !== '') && tooLarge === null;
  const clearFile = () => setFile(null);
  return {
    kind,
    setKind,
    text,
    file,
    tooLarge,
    name,
    setName,
    columns,
    chosenColumn,
    setColumn,
    task,
    setTask,
    onFile,
    onPaste,
    clearFile,
    submit,
    ready,
  };
}

type Draft = ReturnType<typeof useCustomDraft>;

/**
 * Paste or upload a CSV or labelled text lines. An uploaded file is refused by its size before it
 * is read; otherwise the page reads only its first 64 KiB (for the column picker) and the worker
 * reads and parses the whole file, answering with a preview or an error.
 */
export const CustomDataForm = memo(function CustomDataForm() {
  const t = useT();
  const pending = usePlayground((s) => s.customCandidate !== null);
  const missingName = usePlayground((s) => s.customMissingName);
  const draft = useCustomDraft();
  const nameId = useId();

  return (
    <details className="custom" open={missingName !== null}>
      <summary>{t('customTitle')}</summary>
      <SelectField<Kind>
        label={t('customKind')}
        value={draft.kind}
        options={[
          { value: 'csv', label: t('customCsv') },
          { value: 'text', label: t('customText') },
        ]}
        testId="custom-kind"
        onChange={draft.setKind}
      />
      <CustomSource draft={draft} />
      <div className="field">
        <label htmlFor={nameId}>{t('customName')}</label>
        <input
          id={nameId}
          type="text"
          maxLength={80}
          value={draft.name}
          onChange={(e) => draft.setName(e.target.value)}
        />
      </div>
      {draft.kind === 'csv' && draft.columns.length > 0 && <CustomColumn draft={draft} />}
      <button
        type="button"
        disabled={!draft.ready || pending}
        data-testid="custom-use"
        onClick={draft.submit}
      >
        {t('customUse')}
      </button>
      {pending && <ProgressLine label={t('customReading')} testId="custom-progress" />}
      <CustomErrors tooLarge={draft.tooLarge} />
    </details>
  );
});

/** Where the data comes from: the pasted text, or a file (with its limit, and once chosen, its name). */
function CustomSource({ draft }: { draft: Draft }) {
  const t = useT();
  const textId = useId();
  const fileId = useId();
  const limitId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={textId}>{t('customPaste')}</label>
        <textarea
          id={textId}
          rows={5}
          spellCheck={false}
          value={draft.text}
          data-testid="custom-text"
          onChange={(e) => draft.onPaste(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={fileId}>{t('customUpload')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          aria-describedby={limitId}
          data-testid="custom-file"
          onChange={draft.onFile}
        />
        <small id={limitId} className="note">
          {t('customLimit', { limit: formatBytes(MAX_FILE_BYTES) })}
        </small>
      </div>
      {draft.file && (
        <p className="note" data-testid="custom-file-chosen">
          {t('customFileChosen', { name: draft.name, size: formatBytes(draft.file.blob.size) })}{' '}
          <button type="button" className="link-button" onClick={draft.clearFile}>
            {t('customFileClear')}
          </button>
        </p>
      )}
    </>
  );
}

/** A CSV's target column (from its header row) and whether it is a number or a class. */
function CustomColumn({ draft }: { draft: Draft }) {
  const t = useT();
  return (
    <div className="field-row">
      <SelectField
        label={t('customColumn')}
        value={draft.chosenColumn}
        options={draft.columns.map((c) => ({ value: c, label: c }))}
        testId="custom-column"
        onChange={draft.setColumn}
      />
      <SelectField<Task>
        label={t('customTask')}
        value={draft.task}
        options={[
          { value: 'regression', label: t('taskRegression') },
          { value: 'classification', label: t('taskClassification', { k: '…' }) },
        ]}
        testId="custom-task"
        onChange={draft.setTask}
      />
    </div>
  );
}

/** Why the data was refused: too large (seen here), or the worker's own message. */
function CustomErrors({ tooLarge }: { tooLarge: number | null }) {
  const t = useT();
  const customError = usePlayground((s) => s.customError);
  if (tooLarge !== null)
    return (
      <p className="error-text" role="alert" data-testid="custom-error">
        {t('customTooLarge', { size: formatBytes(tooLarge), limit: formatBytes(MAX_FILE_BYTES) })}
      </p>
    );
  if (!customError) return null;
  return (
    <p className="error-text" role="alert" data-testid="custom-error">
      {t('customError', { message: /[.!?。]$/.test(customError) ? customError : `${customError}.` })}
    </p>
  );
}
