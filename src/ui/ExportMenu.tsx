import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ExportKind } from '../export/formats';
import { historyCsv } from '../export/historyCsv';
import type { MessageKey, Translate } from '../i18n';
import { CELL_KINDS } from '../model/cellKinds';
import {
  type ExportChoice,
  exportModel,
  exportNoteKey,
  importModel,
  runWeightsEpoch,
} from '../state/modelTransfer';
import { usePlayground } from '../state/store';
import { pageExportKind, refusedItems } from '../view/exportRefusals';
import { CHART_SIZE, lossChartSvg } from '../view/lossChartSvg';
import { download, svgToPng } from './download';
import { useT } from './useT';

const MODEL_ITEMS: { choice: ExportChoice; label: MessageKey }[] = [
  { choice: 'tfjs', label: 'exportTfjs' },
  { choice: 'onnx', label: 'exportOnnx' },
  { choice: 'pytorch', label: 'exportPytorch' },
  { choice: 'keras', label: 'exportKeras' },
  { choice: 'all', label: 'exportAll' },
];

type RecordKind = 'csv' | 'svg' | 'png';
const RECORD_ITEMS: { kind: RecordKind; label: MessageKey }[] = [
  { kind: 'csv', label: 'exportHistoryCsv' },
  { kind: 'svg', label: 'exportChartSvg' },
  { kind: 'png', label: 'exportChartPng' },
];

/**
 * A disclosure that closes on a pointer press outside it and on Escape; closing returns the focus
 * to its button.
 */
function useDisclosure() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    trigger.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open, close]);
  return { open, toggle: () => setOpen(!open), close, root, trigger };
}

/** Downloads one of the run's records (the history as CSV, the loss chart as SVG or PNG) and says so. */
async function exportRecord(kind: RecordKind, t: Translate) {
  const s = usePlayground.getState();
  const store = s.setModelIo;
  try {
    if (kind === 'csv') {
      download('lstm-playground-history.csv', historyCsv(s.reports), 'text/csv');
      store({ state: 'done', key: 'exportedRecord', vars: { file: 'lstm-playground-history.csv' } });
      return;
    }
    const svg = lossChartSvg(
      s.reports,
      s.summary,
      {
        title: t('chartFileTitle'),
        epoch: t('epoch'),
        loss: t('loss'),
        train: t('trainLoss'),
        val: t('valLoss'),
        best: (e) => t('bestEpoch', { epoch: e }),
        stopped: (e) => t('stoppedAt', { epoch: e }),
      },
      (s.runConfig ?? s.config).epochs,
    );
    const name = `lstm-playground-loss.${kind}`;
    if (kind === 'svg') download(name, svg, 'image/svg+xml');
    else download(name, await svgToPng(svg, CHART_SIZE.width, CHART_SIZE.height), 'image/png');
    store({ state: 'done', key: 'exportedRecord', vars: { file: name } });
  } catch (error) {
    store({ state: 'failed', key: 'exportFailed', vars: { message: (error as Error).message } });
  }
}

/**
 * The Export menu: the model in other tools' formats, the run's records, and importing a TF.js
 * model. Files are made in the browser (the model ones in a worker) and downloaded; nothing is
 * uploaded. A disclosure button and a group of ordinary buttons: Tab reaches every item, Escape
 * closes and returns to the button.
 */
export const ExportMenu = memo(function ExportMenu() {
  const t = useT();
  const { open, toggle, close, root, trigger } = useDisclosure();
  const fileInput = useRef<HTMLInputElement>(null);

  const onFiles = async (files: FileList | null) => {
    close();
    if (files && files.length > 0) await importModel([...files]);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        ref={trigger}
        aria-expanded={open}
        aria-controls="export-panel"
        data-testid="export-menu"
        onClick={toggle}
      >
        {t('exportMenu')} <span aria-hidden="true">▾</span>
      </button>
      {open && <ExportPanel close={close} chooseFiles={() => fileInput.current?.click()} />}
      <input
        ref={fileInput}
        type="file"
        multiple
        accept=".json,.bin,.zip,application/json,application/zip"
        hidden
        data-testid="import-file"
        onChange={(e) => void onFiles(e.target.files)}
      />
    </div>
  );
});

/** The open menu's items: the model's formats, the run's records (once it has some), and import. */
function ExportPanel({ close, chooseFiles }: { close(): void; chooseFiles(): void }) {
  const t = useT();
  const noteKey = usePlayground(exportNoteKey);
  const epoch = usePlayground(runWeightsEpoch);
  const hasReports = usePlayground((s) => s.reports.length > 0);
  // The model an export writes is the run's, or the page's before any run.
  // A kind TF.js cannot build from model.json (the GRU, reset_after=True) gets a note beside the TF.js item.
  const gru = usePlayground((s) => !CELL_KINDS[(s.runConfig ?? s.config).cell].keras.tfjsLoads);
  // Text with attention masks its padding, which Keras's stock layers cannot: TF.js and Keras are
  // refused. A translation model (encoder–decoder) is refused by the formats export/formats.ts lists.
  const kind = usePlayground((s) => pageExportKind(s.runConfig ?? s.config, s.dataset));
  const refusedNow = refusedItems(kind);
  const noteId = kind === 'seq2seq' ? 'export-seq2seq-note' : 'export-masked-note';
  const refused = (choice: ExportChoice) => refusedNow.includes(choice);
  const noteOf = (choice: ExportChoice) =>
    refused(choice) ? noteId : choice === 'tfjs' && gru ? 'export-tfjs-gru-note' : undefined;

  const exportChoice = async (choice: ExportChoice) => {
    close();
    const file = await exportModel(choice);
    if (file) download(file.name, file.bytes, file.mime);
  };
  const record = (kind: RecordKind) => {
    close();
    void exportRecord(kind, t);
  };

  return (
    <section id="export-panel" className="export-panel" aria-label={t('exportMenuLabel')}>
      <p className="note" data-testid="export-note">
        {t(noteKey, { epoch })}
      </p>
      <h3>{t('exportModels')}</h3>
      {MODEL_ITEMS.map(({ choice, label }) => (
        <button
          key={choice}
          type="button"
          data-testid={`export-${choice}`}
          aria-describedby={noteOf(choice)}
          disabled={refused(choice)}
          onClick={() => void exportChoice(choice)}
        >
          {t(label)}
        </button>
      ))}
      <ModelFormatNotes kind={kind} gru={gru} refusedAny={refusedNow.length > 0} />
      <h3>{t('exportRecords')}</h3>
      {RECORD_ITEMS.map(({ kind, label }) => (
        <button
          key={kind}
          type="button"
          data-testid={`export-${kind}`}
          disabled={!hasReports}
          onClick={() => record(kind)}
        >
          {t(label)}
        </button>
      ))}
      {!hasReports && <p className="note">{t('exportRecordsEmpty')}</p>}
      <hr />
      <button type="button" data-testid="import-model" onClick={chooseFiles}>
        {t('importModel')}
      </button>
      <p className="note">{t('importHint')}</p>
    </section>
  );
}

/** Why items are off (text's padding mask, a translation model) or may not load (a GRU in TF.js). */
function ModelFormatNotes({
  kind,
  gru,
  refusedAny,
}: {
  kind: ExportKind;
  gru: boolean;
  refusedAny: boolean;
}) {
  const t = useT();
  return (
    <>
      {gru && kind === 'plain' && (
        <p className="note" id="export-tfjs-gru-note" data-testid="export-tfjs-gru-note">
          {t('exportTfjsGruNote')}
        </p>
      )}
      {kind === 'masksPadding' && (
        <p className="note" id="export-masked-note" data-testid="export-masked-note">
          {t('exportMaskedTextNote')}
        </p>
      )}
      {kind === 'seq2seq' && refusedAny && (
        <p className="note" id="export-seq2seq-note" data-testid="export-seq2seq-note">
          {t('exportSeq2seqNote')}
        </p>
      )}
    </>
  );
}

/**
 * What an export or an import did, and the imported model runs now start from: in the page's flow
 * under the header, as a notice is, so neither squeezes the header's buttons nor lies over the
 * training controls (they used to hang from the Export button, over the progress bar).
 */
export const ModelIoNotes = memo(function ModelIoNotes() {
  const t = useT();
  const status = usePlayground((s) => s.modelIo);
  const imported = usePlayground((s) => s.imported);
  if (!status && !imported) return null;
  return (
    <div className="notices model-io-notes">
      {status && (
        <div
          className={`notice ${status.state === 'failed' ? 'error' : 'info'}`}
          role="status"
          data-testid="model-io-status"
          data-state={status.state}
        >
          <p className="notice-body">{t(status.key as MessageKey, status.vars)}</p>
          <button
            type="button"
            className="dismiss"
            aria-label={t('dismiss')}
            onClick={() => usePlayground.getState().setModelIo(null)}
          >
            ×
          </button>
        </div>
      )}
      {imported && (
        <div className="notice info" data-testid="imported-model" data-val-loss={imported.valLoss}>
          <p className="notice-body">
            {t('importedActive', { file: imported.fileName })}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => usePlayground.getState().forgetImported()}
            >
              {t('importForget')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
});
