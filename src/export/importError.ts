/**
 * Why an import was refused, as a message key and its values, so the page can say it in the
 * user's language (i18n keys `import_<code>`). The English text is for the runner and the tests.
 */
export type ImportErrorCode =
  | 'tooLarge'
  | 'noModelJson'
  | 'manyModelJson'
  | 'malformedJson'
  | 'notLayersModel'
  | 'notSequential'
  | 'unsupportedLayer'
  | 'unsupportedSetting'
  | 'noInputShape'
  | 'weightsMissing'
  | 'weightsSize'
  | 'weightShape'
  | 'datasetShape';

const ENGLISH: Record<ImportErrorCode, string> = {
  tooLarge: '{file} is {size} MB; a model the playground trains is at most {limit} MB.',
  noModelJson:
    'No model.json among the chosen files: choose model.json and its weights file(s), or the exported .zip.',
  manyModelJson: 'More than one .json file was chosen ({files}): choose one model.json and its weights.',
  malformedJson: 'model.json is not valid JSON: {message}',
  notLayersModel:
    'model.json is not a TF.js LayersModel ({found}); only Keras/TF.js layer models can be imported.',
  notSequential:
    'The model is a {found}; only Sequential models (and the playground’s own attention models) can be imported.',
  unsupportedLayer:
    'Layer “{layer}” is a {found}, which the playground does not train (it trains {supported}).',
  unsupportedSetting: 'Layer “{layer}”: {setting} is {found}; the playground supports {supported}.',
  noInputShape: 'model.json does not say the input shape (timesteps, features) of its first layer.',
  weightsMissing: 'The weights file “{file}” that model.json names was not among the chosen files.',
  weightsSize: 'The weights have {got} bytes, but model.json describes {want} bytes.',
  weightShape: 'Weight “{name}” has shape [{got}], the layer needs [{want}].',
  datasetShape:
    'The model reads {modelFeatures} feature(s) and gives {modelOutputs} output(s) ({modelTask}); the dataset “{dataset}” has {features} feature(s) and {outputs} output(s) ({task}). Pick a matching dataset first.',
};

export const IMPORT_ERROR_CODES = Object.keys(ENGLISH) as ImportErrorCode[];

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly vars: Record<string, string> = {},
  ) {
    super(ENGLISH[code].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole));
    this.name = 'ImportError';
  }
}
