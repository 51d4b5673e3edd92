/**
 * Every fact about a recurrent cell kind that the model, the exports and the views read: ONE entry
 * per kind, and the list of kinds (CELL_TYPES, config.ts's) is this registry's keys: a new kind is
 * an entry here, and `tsc` then lists every per-kind table (`Record<CellType, …>`) that lacks it.
 * The entry holds the engines' kind-level facts too (buffers per direction, cell state, forget
 * bias): src/engine/contracts/cells.ts derives its CELLS from them; what is truly per-kind code (the kernels, the cell's drawing in
 * ui/inside/CellDiagram.tsx, its equations in view/cellEquations.ts) stays in exhaustive tables
 * there.
 *
 * Gate orders: our layout is gate-interleaved (params.ts); each `order` lists our gate index of
 * each of the other format's gate blocks.
 */

/** A Keras initializer as Keras serializes it (also the Dense head's, export/kerasLayers.ts). */
export const kerasInitializer = (className: string, config: Record<string, unknown> = {}) => ({
  class_name: className,
  config,
});

/** The three initializers every Keras recurrent class writes (Keras's defaults). */
const kerasInitializers = () => ({
  kernel_initializer: kerasInitializer('GlorotUniform', { seed: null }),
  recurrent_initializer: kerasInitializer('Orthogonal', { gain: 1, seed: null }),
  bias_initializer: kerasInitializer('Zeros'),
});

/** Settings every recurrent Keras class we read must have (the playground's engine runs no other). */
const RNN_REQUIRED: Record<string, unknown[]> = {
  activation: ['tanh'],
  use_bias: [true, undefined],
  go_backwards: [false, undefined],
  stateful: [false, undefined],
  return_state: [false, undefined],
  time_major: [false, undefined],
};

/** A direction's Keras weights, in Keras's order (the same for the three cells). */
const KERAS_WEIGHTS = ['kernel', 'recurrent_kernel', 'bias'] as const;

export interface CellKindSpec {
  /** G: gate columns per unit (gate-interleaved, column G·j + g). */
  gates: number;
  /**
   * Whether the recurrent product has its own bias (Keras GRU reset_after=True): a direction's
   * tensors are then kernel, recurrent, bias, recurrentBias (params.ts).
   */
  recurrentBias: boolean;
  /** The quantities a cell's forward writes into its probe buffer, in the kernel's order (engine/contracts/probe.ts). */
  probe: readonly string[];
  /** The inside views' heatmaps, top to bottom: the gates, then the state (view/insideView.ts). */
  heatmaps: readonly string[];
  keras: {
    /** Keras's class; also the model line's and the summary's name. */
    className: string;
    /** Keras's default layer name stem ("lstm" → lstm, lstm_1, …). */
    nameStem: string;
    /** Keras's gate blocks (column g·H + j). */
    order: readonly number[];
    weights: readonly string[];
    /** Keras's own config keys of this class before the common dropout/regularizer block. */
    config(): Record<string, unknown>;
    /** Keras 2's extra keys after dropout / recurrent_dropout. */
    tail(): Record<string, unknown>;
    /** The settings a Keras file's layer of this class must have to be read (kerasTopology.ts). */
    required: Record<string, unknown[]>;
    /** Whether TF.js (4.22) can build the layer from model.json (the export menu says so when not). */
    tfjsLoads: boolean;
  };
  onnx: {
    opType: 'LSTM' | 'GRU' | 'RNN';
    order: readonly number[];
    /** The operator's integer attributes beyond hidden_size and direction. */
    intAttributes: Readonly<Record<string, number>>;
  };
  torch: {
    /** torch.nn's gate blocks (templates/train_pytorch.py's CELLS picks the module by our kind). */
    order: readonly number[];
  };
  /** What the engines keep for it (engine/contracts/cells.ts sizes the buffers and derives its CELLS from these). */
  engine: {
    /** The buffers one direction keeps beyond every kind's (xd, gates, hprev, dz, probe, dhSteps, normH). */
    buffers: readonly CellBuffer[];
    /** Whether it has a cell state c beside h (and so ∂L/∂c_t and its norms for the inside views). */
    cellState: boolean;
    /** The gate whose bias starts at 1 (Keras unit_forget_bias: the LSTM's forget gate), or null. */
    unitBiasGate: number | null;
  };
}

/**
 * The buffers a direction may keep beyond those every kind keeps, by the names the engines give
 * them (engine/contracts/cells.ts DIRECTION_BUFFERS says each one's size): the LSTM's cell state and
 * its per-step gradients and norms, the GRU's recurrent candidate term and recurrent gate gradients.
 */
export type CellBuffer = 'c' | 'dcSteps' | 'normC' | 'hrec' | 'dzr';

export const CELL_KINDS = {
  lstm: {
    gates: 4,
    recurrentBias: false,
    probe: ['pre_i', 'pre_f', 'pre_g', 'pre_o', 'i', 'f', 'g', 'o', 'c', 'h'],
    heatmaps: ['i', 'f', 'g', 'o', 'c', 'h'],
    keras: {
      className: 'LSTM',
      nameStem: 'lstm',
      // Keras keeps gates i, f, c, o: our order.
      order: [0, 1, 2, 3],
      weights: KERAS_WEIGHTS,
      config: () => ({
        activation: 'tanh',
        // Keras's default; TF.js's own default is hard_sigmoid, so it is written out.
        recurrent_activation: 'sigmoid',
        use_bias: true,
        ...kerasInitializers(),
        unit_forget_bias: true,
      }),
      tail: () => ({ implementation: 2 }),
      required: { ...RNN_REQUIRED, recurrent_activation: ['sigmoid'] },
      tfjsLoads: true,
    },
    // ONNX's LSTM gate blocks are i, o, f, c: our gates 0, 3, 1, 2. ONNX adds Wb and Rb: ours is
    // one bias per gate, so Rb = 0.
    onnx: { opType: 'LSTM', order: [0, 3, 1, 2], intAttributes: {} },
    // torch.nn.LSTM keeps gate blocks i, f, g, o: our order.
    torch: { order: [0, 1, 2, 3] },
    // Our gate 1 is the forget gate (i, f, g, o).
    engine: { buffers: ['c', 'dcSteps', 'normC'], cellState: true, unitBiasGate: 1 },
  },
  gru: {
    gates: 3,
    // Keras reset_after=True: the recurrent product has its own bias.
    recurrentBias: true,
    probe: ['pre_z', 'pre_r', 'pre_hh', 'z', 'r', 'hh', 'h'],
    heatmaps: ['z', 'r', 'hh', 'h'],
    keras: {
      className: 'GRU',
      nameStem: 'gru',
      // Keras keeps z, r, h: our order.
      order: [0, 1, 2],
      weights: KERAS_WEIGHTS,
      config: () => ({
        activation: 'tanh',
        recurrent_activation: 'sigmoid',
        use_bias: true,
        ...kerasInitializers(),
      }),
      // Our GRU is Keras 2's default, reset_after=True: bias [2, 3H] (input bias; recurrent bias).
      // TF.js 4.22 cannot build this layer (it refuses reset_after=true); Keras and
      // tensorflowjs_converter read it.
      tail: () => ({ implementation: 2, reset_after: true }),
      // Ours is reset_after=True (Keras 2's and 3's default; PyTorch's GRU): reset_after=False is another GRU.
      required: { ...RNN_REQUIRED, recurrent_activation: ['sigmoid'], reset_after: [true] },
      tfjsLoads: false,
    },
    // ONNX's GRU gate blocks are z, r, h, as ours. linear_before_reset = 1:
    // h̃ = tanh(x·W_h + Wb_h + r ⊙ (h_prev·R_h + Rb_h)), Keras's reset_after=True and our engine's
    // GRU; Rb is our recurrent bias.
    onnx: { opType: 'GRU', order: [0, 1, 2], intAttributes: { linear_before_reset: 1 } },
    // torch.nn.GRU is Keras's reset_after=True with gate blocks r, z, n (ours z, r, h: 1, 0, 2);
    // bias_hh is the recurrent bias inside the reset gate's product (test/support/engine/torchGruOracle.py).
    torch: { order: [1, 0, 2] },
    engine: { buffers: ['hrec', 'dzr'], cellState: false, unitBiasGate: null },
  },
  simple_rnn: {
    gates: 1,
    recurrentBias: false,
    probe: ['pre_h', 'h'],
    heatmaps: ['h'],
    keras: {
      className: 'SimpleRNN',
      nameStem: 'simple_rnn',
      order: [0],
      weights: KERAS_WEIGHTS,
      config: () => ({ activation: 'tanh', use_bias: true, ...kerasInitializers() }),
      tail: () => ({}),
      required: RNN_REQUIRED,
      tfjsLoads: true,
    },
    // ONNX's RNN with its default activation, Tanh.
    onnx: { opType: 'RNN', order: [0], intAttributes: {} },
    // torch.nn.RNN (tanh), one block.
    torch: { order: [0] },
    engine: { buffers: [], cellState: false, unitBiasGate: null },
  },
} as const satisfies Record<string, CellKindSpec>;

/** The recurrent cell kinds, in the registry's order (the model menu's order). */
export type CellType = keyof typeof CELL_KINDS;
const [FIRST_KIND, ...OTHER_KINDS] = Object.keys(CELL_KINDS) as CellType[];
export const CELL_TYPES: readonly [CellType, ...CellType[]] = [FIRST_KIND, ...OTHER_KINDS];

/** A probe quantity of any kind (engine/contracts/probe.ts). */
export type ProbeQuantity = (typeof CELL_KINDS)[CellType]['probe'][number];

/** A table with one value per kind, made from the registry (its readers' `Record<CellType, …>`). */
export function byKind<T>(of: (cell: CellType) => T): Record<CellType, T> {
  return Object.fromEntries(CELL_TYPES.map((c) => [c, of(c)])) as Record<CellType, T>;
}

/** The kind whose Keras class is `className`, or undefined (a Keras file's layer we do not read). */
export function cellOfKerasClass(className: string): CellType | undefined {
  return (Object.keys(CELL_KINDS) as CellType[]).find((c) => CELL_KINDS[c].keras.className === className);
}
