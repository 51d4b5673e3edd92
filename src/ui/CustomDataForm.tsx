import { type ChangeEvent, memo, useId, useMemo, useState } from 'react';
import type { Task } from '../data/types';
import { usePlayground } from '../state/store';
import { csvColumns } from '../view/csvColumns';
import { SelectField } from './fields';
import { useT } from './useT';

/** Paste or upload a CSV or labelled text lines; the worker reads it and answers with a preview or an error. */
export const CustomDataForm = memo(function CustomDataForm() {
  const t = useT();
  const loadCustomData = usePlayground((s) => s.loadCustomData);
  const customError = usePlayground((s) => s.customError);
  const pending = usePlayground((s) => s.customCandidate !== null);
  const missingName = usePlayground((s) => s.customMissingName);
  const [kind, setKind] = useState<'csv' | 'text'>('csv');
  const [text, setText] = useState('');
  const [name, setName] = useState(missingName ?? 'my data');
  const [column, setColumn] = useState('');
  const [task, setTask] = useState<Task>('regression');
  const columns = useMemo(() => (kind === 'csv' ? csvColumns(text) : []), [kind, text]);
  const chosenColumn = columns.includes(column) ? column : (columns[columns.length - 1] ?? '');
  const textId = useId();
  const fileId = useId();
  const nameId = useId();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setName(file.name.slice(0, 80));
    if (/\.(txt|tsv)$/i.test(file.name)) setKind('text');
  };
  const submit = () =>
    loadCustomData({
      name: name.trim().slice(0, 80) || 'my data',
      kind,
      text,
      column: kind === 'csv' ? chosenColumn : undefined,
      task: kind === 'csv' ? task : 'classification',
    });

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
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={fileId}>{t('customUpload')}</label>
        <input id={fileId} type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={onFile} />
      </div>
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
      <button type="button" disabled={!text.trim() || pending} data-testid="custom-use" onClick={submit}>
        {t('customUse')}
      </button>
      {customError && (
        <p className="error-text" role="alert" data-testid="custom-error">
          {t('customError', { message: /[.!?。]$/.test(customError) ? customError : `${customError}.` })}
        </p>
      )}
    </details>
  );
});
