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

/**
 * Paste or upload a CSV or labelled text lines. An uploaded file is refused by its size before it
 * is read; otherwise the page reads only its first 64 KiB (for the column picker) and the worker
 * reads and parses the whole file, answering with a preview or an error.
 */
export const CustomDataForm = memo(function CustomDataForm() {
  const t = useT();
  const loadCustomData = usePlayground((s) => s.loadCustomData);
  const customError = usePlayground((s) => s.customError);
  const pending = usePlayground((s) => s.customCandidate !== null);
  const missingName = usePlayground((s) => s.customMissingName);
  const [kind, setKind] = useState<'csv' | 'text'>('csv');
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ blob: Blob; header: string } | null>(null);
  const [tooLarge, setTooLarge] = useState<number | null>(null);
  const [name, setName] = useState(missingName ?? 'my data');
  const [column, setColumn] = useState('');
  const [task, setTask] = useState<Task>('regression');
  const header = file ? file.header : text;
  const columns = useMemo(() => (kind === 'csv' ? csvColumns(header) : []), [kind, header]);
  const chosenColumn = columns.includes(column) ? column : (columns[columns.length - 1] ?? '');
  const textId = useId();
  const fileId = useId();
  const nameId = useId();
  const limitId = useId();

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

  return (
    <details className="custom" open={missingName !== null}>
      <summary>{t('customTitle')}</summary>
      <SelectField<'csv' | 'text'>
        label={t('customKind')}
        value={kind}
        options={[
          { value: 'csv', label: t('customCsv') },
          { value: 'text', label: t('customText') },
        ]}
        testId="custom-kind"
        onChange={setKind}
      />
      <div className="field">
        <label htmlFor={textId}>{t('customPaste')}</label>
        <textarea
          id={textId}
          rows={5}
          spellCheck={false}
          value={text}
          data-testid="custom-text"
          onChange={(e) => onPaste(e.target.value)}
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
          onChange={onFile}
        />
        <small id={limitId} className="note">
          {t('customLimit', { limit: formatBytes(MAX_FILE_BYTES) })}
        </small>
      </div>
      {file && (
        <p className="note" data-testid="custom-file-chosen">
          {t('customFileChosen', { name, size: formatBytes(file.blob.size) })}{' '}
          <button type="button" className="link-button" onClick={() => setFile(null)}>
            {t('customFileClear')}
          </button>
        </p>
      )}
      <div className="field">
        <label htmlFor={nameId}>{t('customName')}</label>
        <input
          id={nameId}
          type="text"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      {kind === 'csv' && columns.length > 0 && (
        <div className="field-row">
          <SelectField
            label={t('customColumn')}
            value={chosenColumn}
            options={columns.map((c) => ({ value: c, label: c }))}
            testId="custom-column"
            onChange={setColumn}
          />
          <SelectField<Task>
            label={t('customTask')}
            value={task}
            options={[
              { value: 'regression', label: t('taskRegression') },
              { value: 'classification', label: t('taskClassification', { k: '…' }) },
            ]}
            testId="custom-task"
            onChange={setTask}
          />
        </div>
      )}
      <button type="button" disabled={!ready || pending} data-testid="custom-use" onClick={submit}>
        {t('customUse')}
      </button>
      {pending && <ProgressLine label={t('customReading')} testId="custom-progress" />}
      {tooLarge !== null && (
        <p className="error-text" role="alert" data-testid="custom-error">
          {t('customTooLarge', { size: formatBytes(tooLarge), limit: formatBytes(MAX_FILE_BYTES) })}
        </p>
      )}
      {tooLarge === null && customError && (
        <p className="error-text" role="alert" data-testid="custom-error">
          {t('customError', { message: /[.!?。]$/.test(customError) ? customError : `${customError}.` })}
        </p>
      )}
    </details>
  );
});
