#!/usr/bin/env python3
"""Keep training a model from the LSTM Playground in PyTorch.

Beside this script: weights.npz (the playground's weights, in torch.nn.LSTM / GRU / RNN and
nn.Linear layout) and data.npz (x_train, y_train, x_val, y_val exactly as the model saw them, after scaling).

    python3 train_pytorch.py                    # evaluate the loaded weights, then train
    python3 train_pytorch.py --epochs 0         # only evaluate
    torchrun --nproc_per_node=4 train_pytorch.py  # data-parallel (DDP): nccl on GPUs, gloo on CPU

(Debian's torch 1.13 under Python 3.11 ships a torchrun that cannot parse its own defaults for
--redirects and --tee; add `--redirects 1:2 --tee 1:2` there.)

The first line printed is `val_loss: <number>` for the loaded weights: the playground's own
validation loss for them. Then one Keras-style line per epoch.

The math is the playground's (its src/engine/MATH.md), not just the same layers:
- dropout on each recurrent layer's inputs and recurrent_dropout on h(t-1) as it enters the
  recurrent matmul, with one mask per sample shared by all timesteps and, in a Bidirectional
  layer, one per direction (Keras's semantics), and dropout on the last hidden state before the
  Dense head. torch's recurrent modules have no recurrent dropout (their own `dropout` is a
  different, per-timestep one between layers), so when recurrent_dropout is on (or a
  Bidirectional layer's two directions need their own input masks), the timesteps run in a loop
  below with the module's own weights; otherwise the module runs as it is (cuDNN on a GPU).
- GRU is Keras's reset_after=True, which is torch.nn.GRU: bias_hh is the recurrent bias, inside
  the reset gate's product. LSTM and SimpleRNN (nn.RNN, tanh) have one bias per gate: torch adds
  bias_ih and bias_hh, so there bias_hh is kept at 0 and frozen.
- a Bidirectional layer's output is [forward h, reverse h]; the head reads the forward h at the
  last timestep and the reverse h at the first (Keras's Bidirectional without return_sequences).
- with attention (Attention below) the last layer's states h_t of every step are scored,
  additive e_t = v.tanh(W h_t + b) or dot e_t = q.h_t, softmax over the steps gives a_t, and the
  head reads the context sum_t a_t h_t instead (output dropout on the context). L1/L2 on W and
  v (or q), not on b. For text (mask_padding) a step whose input row is all zero (the padding in
  front of a short text) gets no weight; a text with no real step at all attends to every step.
- a translation model (an encoder-decoder, `decoder` in CONFIG; Decoder below): the recurrent
  stack is the encoder and returns every step's states; an LSTM decoder starts from zeros and
  reads the previous output symbol (teacher forcing in training, a start symbol first), Luong
  attention (dot q = s, or general q = s Wa) over the encoder's states with the padding masked,
  h~ = tanh([c, s] Wc + bc) and the head's softmax over the output symbols at each of the fixed
  T_out steps. Its loss is the mean cross-entropy over the steps (and the batch); no dropout on
  the decoder or the head (the knobs act on the encoder). val_accuracy is the share of validation
  inputs translated exactly by greedy decoding (each step's argmax fed back); `--translate N`
  prints N of them, input -> greedy output.
- L1/L2 on kernels only (not biases), added to the gradient: g += 2*l2*w + l1*sign(w); the
  reported loss is the data loss without the penalty.
- clipnorm clips by the global norm of all gradients, after L1/L2 and before the update.
- Keras's optimizer settings: momentum 0.9, RMSprop rho 0.9, Adam betas (0.9, 0.999), eps 1e-7.
- every step has the same batch size: the remainder of each epoch's shuffle is dropped.
- EarlyStopping(patience, min_delta, restore_best_weights) as Keras's.
Under DDP each process takes its share of every batch and the loss is scaled so that the
averaged gradient is the whole batch's mean gradient, as in a single process.
"""

import argparse
import copy
import json
import math
import os
import time

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

CONFIG_JSON = '{}'  # written by the playground's export
CONFIG = json.loads(CONFIG_JSON)


def direction_params(module, direction):
    """One direction's (weight_ih, weight_hh, bias_ih, bias_hh) of a torch recurrent module."""
    suffix = '_reverse' if direction == 1 else ''
    return tuple(getattr(module, name + '_l0' + suffix) for name in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'))


def steps_of(x, reverse):
    steps = range(x.shape[1])
    return reversed(steps) if reverse else steps


def masked(h, mask):
    return h if mask is None else h * mask


def lstm_sequence(module, direction, x, recurrent_mask):
    """nn.LSTM's forward for one direction, h(t-1) * recurrent_mask entering the recurrent matmul.

    x [B, T, F], recurrent_mask [B, H] or None; returns h for every timestep [B, T, H] (the reverse
    direction runs from t = T-1 down to 0). Gates in torch's order i, f, g, o, from the module's
    own parameters (so DDP and the optimizer see them)."""
    w_ih, w_hh, b_ih, b_hh = direction_params(module, direction)
    zx = x @ w_ih.T + b_ih + b_hh
    h = x.new_zeros(x.shape[0], module.hidden_size)
    c = x.new_zeros(x.shape[0], module.hidden_size)
    outputs = [None] * x.shape[1]
    for t in steps_of(x, direction == 1):
        z = zx[:, t] + masked(h, recurrent_mask) @ w_hh.T
        i, f, g, o = z.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs[t] = h
    return torch.stack(outputs, dim=1)


def gru_sequence(module, direction, x, recurrent_mask):
    """nn.GRU's forward for one direction (Keras's reset_after=True), with recurrent dropout.

    Gates in torch's order r, z, n; the reset gate scales the recurrent product with its bias
    b_hh; the masked h(t-1) enters only that product, the update uses h(t-1) as it is."""
    w_ih, w_hh, b_ih, b_hh = direction_params(module, direction)
    zx = x @ w_ih.T + b_ih
    h = x.new_zeros(x.shape[0], module.hidden_size)
    outputs = [None] * x.shape[1]
    for t in steps_of(x, direction == 1):
        x_r, x_z, x_n = zx[:, t].chunk(3, dim=1)
        h_r, h_z, h_n = (masked(h, recurrent_mask) @ w_hh.T + b_hh).chunk(3, dim=1)
        r = torch.sigmoid(x_r + h_r)
        z = torch.sigmoid(x_z + h_z)
        n = torch.tanh(x_n + r * h_n)
        h = z * h + (1 - z) * n
        outputs[t] = h
    return torch.stack(outputs, dim=1)


def rnn_sequence(module, direction, x, recurrent_mask):
    """nn.RNN's (tanh) forward for one direction, with recurrent dropout."""
    w_ih, w_hh, b_ih, b_hh = direction_params(module, direction)
    zx = x @ w_ih.T + b_ih + b_hh
    h = x.new_zeros(x.shape[0], module.hidden_size)
    outputs = [None] * x.shape[1]
    for t in steps_of(x, direction == 1):
        h = torch.tanh(zx[:, t] + masked(h, recurrent_mask) @ w_hh.T)
        outputs[t] = h
    return torch.stack(outputs, dim=1)


# One row per recurrent cell the playground exports: the torch module, the loop that runs one
# direction of it with dropout masks, and which of its parameters (per direction) are kernels
# (L1/L2) or the frozen second bias.
CELLS = {
    'lstm': {
        'module': nn.LSTM,
        'sequence': lstm_sequence,
        'kernels': ('weight_ih_l0', 'weight_hh_l0'),
        # One bias per gate: torch adds bias_ih and bias_hh, so bias_hh stays 0.
        'frozen': ('bias_hh_l0',),
    },
    'gru': {
        'module': nn.GRU,
        'sequence': gru_sequence,
        'kernels': ('weight_ih_l0', 'weight_hh_l0'),
        # bias_hh is the GRU's own recurrent bias (Keras's second bias row): it trains.
        'frozen': (),
    },
    'simple_rnn': {
        'module': nn.RNN,
        'sequence': rnn_sequence,
        'kernels': ('weight_ih_l0', 'weight_hh_l0'),
        'frozen': ('bias_hh_l0',),
    },
}


def directions_of(layer):
    return 2 if layer['bidirectional'] else 1


def with_directions(names, directions):
    """Parameter names of every direction: `weight_ih_l0` and, when bidirectional, `weight_ih_l0_reverse`."""
    return [name + suffix for name in names for suffix in ('', '_reverse')[:directions]]


class Attention(nn.Module):
    """Attention over the states h [B, T, D] into the context [B, D]: a score per step, the softmax
    over the steps, the weighted sum of the states. additive (Bahdanau): e_t = v.tanh(W h_t + b),
    `hidden` = nn.Linear(D, A) holding W (as [A, D]) and b, `score` = nn.Linear(A, 1) holding v;
    dot: e_t = q.h_t, `score` = nn.Linear(D, 1) holding q. mask_padding (text): the softmax leaves
    out every step whose input row x_t is all zero (padding), except in a row with no real step,
    which attends to every step (as the playground's engines do, rather than divide by zero)."""

    def __init__(self, config):
        super().__init__()
        self.additive = config['score'] == 'additive'
        self.mask_padding = config.get('mask_padding', False)
        width = config['input_size']
        if self.additive:
            self.hidden = nn.Linear(width, config['hidden'])
            width = config['hidden']
        self.score = nn.Linear(width, 1, bias=False)

    def kernels(self):
        if self.additive:
            yield self.hidden.weight
        yield self.score.weight

    def forward(self, h, x):
        scores = self.score(torch.tanh(self.hidden(h)) if self.additive else h)  # [B, T, 1]
        if self.mask_padding:
            real = (x != 0).any(dim=2, keepdim=True)  # [B, T, 1]
            real = real | ~real.any(dim=1, keepdim=True)  # no real step: every step
            scores = scores.masked_fill(~real, float('-inf'))
        weights = torch.softmax(scores, dim=1)
        return (weights * h).sum(dim=1)


class Decoder(nn.Module):
    """The encoder-decoder's decoder over the encoder's states h [B, T, D] (Luong et al. 2015, without
    input feeding): `lstm` = nn.LSTM(V + 1, H) from a zero state reads one-hot symbols (index V the
    start symbol; its bias_hh stays 0, one bias per gate as the playground's), `attention` =
    nn.Linear(H, D, bias=False) holding Wa (general only; dot uses q = s), `combine` =
    nn.Linear(D + H, H) holding Wc and bc; returns h~ [B, n, H] for the head. The padding (an all-zero
    input row) gets no attention, except in a row with no real step, which attends to every step."""

    def __init__(self, config):
        super().__init__()
        self.steps, self.vocabulary = config['steps'], config['vocabulary']
        self.mask_padding = config.get('mask_padding', False)
        D, H = config['input_size'], config['units']
        self.lstm = nn.LSTM(self.vocabulary + 1, H, batch_first=True)
        self.lstm.bias_hh_l0.requires_grad_(False)
        self.attention = nn.Linear(H, D, bias=False) if config['score'] == 'general' else None
        self.combine = nn.Linear(D + H, H)

    def kernels(self):
        yield self.lstm.weight_ih_l0
        yield self.lstm.weight_hh_l0
        if self.attention is not None:
            yield self.attention.weight
        yield self.combine.weight

    def attend(self, s, h, x):
        """The decoder's states s [B, n, H] over the encoder's h [B, T, D] -> h~ [B, n, H]."""
        q = s if self.attention is None else self.attention(s)
        scores = torch.bmm(q, h.transpose(1, 2))  # [B, n, T]
        if self.mask_padding:
            real = (x != 0).any(dim=2)  # [B, T]
            real = real | ~real.any(dim=1, keepdim=True)  # no real step: every step
            scores = scores.masked_fill(~real.unsqueeze(1), float('-inf'))
        context = torch.bmm(torch.softmax(scores, dim=2), h)
        return torch.tanh(self.combine(torch.cat([context, s], dim=2)))

    def start(self, rows, device):
        """The first step's input: the start symbol, one-hot [rows, 1, V + 1]."""
        first = torch.zeros(rows, 1, self.vocabulary + 1, device=device)
        first[:, 0, self.vocabulary] = 1
        return first

    def forward(self, h, x, y):
        """Teacher forcing: step i reads step i-1's target (y [B, T_out * V] one-hot, sample-major)."""
        targets = y.reshape(len(y), self.steps, self.vocabulary)
        previous = nn.functional.pad(targets[:, :-1], (0, 1))  # [B, T_out - 1, V + 1]
        s, _ = self.lstm(torch.cat([self.start(len(y), y.device), previous], dim=1))
        return self.attend(s, h, x)

    def greedy(self, h, x, head):
        """Greedy decoding: each step's most probable symbol is the next step's input. Returns the
        probabilities [B, T_out, V] of every step as decoded and the symbols [B, T_out]."""
        step_input, state = self.start(len(x), x.device), None
        probabilities, symbols = [], []
        for _ in range(self.steps):
            s, state = self.lstm(step_input, state)
            p = torch.softmax(head(self.attend(s, h, x)), dim=2)  # [B, 1, V]
            symbol = p.argmax(dim=2)  # [B, 1] (the first of equals, as the playground's argmax)
            probabilities.append(p)
            symbols.append(symbol)
            step_input = nn.functional.one_hot(symbol, self.vocabulary + 1).to(p.dtype)
        return torch.cat(probabilities, dim=1), torch.cat(symbols, dim=1)


class PlaygroundModel(nn.Module):
    """The playground's stack: recurrent layers (all but the last return sequences), [Attention], Dense head.

    A Bidirectional layer (Keras's merge_mode='concat') outputs [forward h, reverse h]; the head
    reads the forward direction's h at t = T-1 and the reverse direction's at t = 0."""

    def __init__(self, config):
        super().__init__()
        self.layers = config['layers']
        self.rnn = nn.ModuleList()
        for layer in self.layers:
            cell = CELLS[layer['cell']]
            module = cell['module'](
                layer['input_size'], layer['units'], batch_first=True, bidirectional=layer['bidirectional'],
            )
            for name in with_directions(cell['frozen'], directions_of(layer)):
                getattr(module, name).requires_grad_(False)
            self.rnn.append(module)
        last = self.layers[-1]
        self.attention = Attention(config['attention']) if config.get('attention') else None
        self.decoder = Decoder(config['decoder']) if config.get('decoder') else None
        if self.decoder is not None:
            self.head = nn.Linear(config['decoder']['units'], config['decoder']['vocabulary'])
        else:
            self.head = nn.Linear(directions_of(last) * last['units'], config['outputs'])

    def kernels(self):
        for layer, module in zip(self.layers, self.rnn):
            for name in with_directions(CELLS[layer['cell']]['kernels'], directions_of(layer)):
                yield getattr(module, name)
        if self.attention is not None:
            yield from self.attention.kernels()
        if self.decoder is not None:
            yield from self.decoder.kernels()
        yield self.head.weight

    def encode(self, x, masks=None):
        """The recurrent stack's states of every timestep [B, T, directions * units]."""
        h = x
        for index, (layer, module) in enumerate(zip(self.layers, self.rnn)):
            inputs = masks['input'][index] if masks else [None, None]
            recurrent = masks['recurrent'][index] if masks else [None, None]
            directions = directions_of(layer)
            if all(m is None for m in recurrent) and (directions == 1 or all(m is None for m in inputs)):
                # The module as it is (cuDNN on a GPU): at most one input mask, shared by both directions.
                h, _ = module(masked(h, None if inputs[0] is None else inputs[0].unsqueeze(1)))
            else:
                # Each direction its own masks (Keras's semantics): the loop with the module's weights.
                sequence = CELLS[layer['cell']]['sequence']
                h = torch.cat([
                    sequence(module, d, masked(h, None if inputs[d] is None else inputs[d].unsqueeze(1)), recurrent[d])
                    for d in range(directions)
                ], dim=2)
        return h

    def forward(self, x, masks=None, y=None):
        """The logits [B, K]; a translation model's [B, T_out, V], teacher-forced from y [B, T_out * V]."""
        h = self.encode(x, masks)
        if self.decoder is not None:
            return self.head(self.decoder(h, x, y))
        units = self.layers[-1]['units']
        if self.attention is not None:
            last = self.attention(h, x)
        elif directions_of(self.layers[-1]) == 1:
            last = h[:, -1, :]
        else:
            last = torch.cat([h[:, -1, :units], h[:, 0, units:]], dim=1)
        if masks is not None and masks['output'] is not None:
            last = last * masks['output']
        return self.head(last)

    @torch.no_grad()
    def translate(self, x):
        """A translation model's greedy decoding of x: probabilities [B, T_out, V] and symbols [B, T_out]."""
        return self.decoder.greedy(self.encode(x), x, self.head)


def spelled(rows, vocabulary):
    """The text of one-hot rows [T, F] (an all-zero row is padding, left out)."""
    return ''.join(vocabulary[int(r.argmax())] for r in rows if r.abs().sum() > 0)


def print_translations(model, x, count, say):
    """`count` validation inputs and their greedy translations, one per line: input -> output."""
    inputs, outputs = CONFIG['input_vocabulary'], CONFIG['output_vocabulary']
    _, symbols = model.translate(x[:count])
    for rows, line in zip(x[:count], symbols):
        say(f'{spelled(rows, inputs)} -> {"".join(outputs[int(k)] for k in line)}')


def dropout_mask(rows, cols, rate, generator, device):
    """Inverted dropout: 0 with probability `rate`, else 1 / (1 - rate); None when off."""
    if rate <= 0:
        return None
    keep = torch.rand(rows, cols, generator=generator) >= rate
    return (keep.float() / (1.0 - rate)).to(device)


def step_masks(rows, config, generator, device):
    """Dropout masks of one step: [layer][direction] on the inputs and on h(t-1), and on the head's input."""
    layers = config['layers']

    def per_direction(layer, width, rate):
        return [dropout_mask(rows, width, rate, generator, device) for _ in range(directions_of(layer))]

    last = layers[-1]
    return {
        'input': [per_direction(l, l['input_size'], config['dropout']) for l in layers],
        'recurrent': [per_direction(l, l['units'], config['recurrent_dropout']) for l in layers],
        'output': dropout_mask(rows, directions_of(last) * last['units'], config['output_dropout'], generator, device),
    }


def row_losses(outputs, y, task):
    """Data loss of each row [B]: cross-entropy on the logits, or the mean squared error; a
    translation's (outputs [B, T_out, V]) the mean over its steps of each step's cross-entropy."""
    if outputs.dim() == 3:
        return -(y.reshape(outputs.shape) * torch.log_softmax(outputs, dim=2)).sum(dim=2).mean(dim=1)
    if task == 'classification':
        return -(y * torch.log_softmax(outputs, dim=1)).sum(dim=1)
    return ((outputs - y) ** 2).mean(dim=1)


def make_optimizer(params, config):
    name, lr = config['optimizer'], config['learning_rate']
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr)
    if name == 'momentum':
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    if name == 'adam':
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-7)
    raise ValueError(f'unknown optimizer {name}')


@torch.no_grad()
def evaluate(model, x, y, config, chunk=512):
    """Mean data loss over a split (no dropout) and its metric: accuracy, or MAE in target units."""
    model.eval()
    loss_sum, metric_sum = 0.0, 0.0
    for start in range(0, len(x), chunk):
        xb, yb = x[start:start + chunk], y[start:start + chunk]
        outputs = model(xb, None, yb)
        loss_sum += row_losses(outputs, yb, config['task']).double().sum().item()
        if model.decoder is not None:
            # The loss is teacher-forced (as in training); the accuracy greedy decoding's exact matches.
            _, symbols = model.translate(xb)
            targets = yb.reshape(outputs.shape).argmax(dim=2)
            metric_sum += (symbols == targets).all(dim=1).double().sum().item()
        elif config['task'] == 'classification':
            metric_sum += (outputs.argmax(dim=1) == yb.argmax(dim=1)).double().sum().item()
        else:
            std = config['target_scale']['std'] if config['target_scale'] else 1.0
            metric_sum += ((outputs - yb).abs().double().mean(dim=1) * std).sum().item()
    model.train()
    return loss_sum / len(x), metric_sum / len(x)


def load_weights(model, path):
    with np.load(path) as saved:
        state = {name: torch.from_numpy(saved[name]) for name in saved.files}
    model.load_state_dict(state)


def save_weights(model, path):
    np.savez(path, **{name: t.detach().cpu().numpy() for name, t in model.state_dict().items()})


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--epochs', type=int, default=CONFIG['epochs'], help='epochs to train; 0 only evaluates')
    parser.add_argument('--weights', default=os.path.join(here, 'weights.npz'))
    parser.add_argument('--data', default=os.path.join(here, 'data.npz'))
    parser.add_argument('--save', help='write the final weights here (.npz, same layout as weights.npz)')
    parser.add_argument('--translate', type=int, default=0, metavar='N',
                        help='a translation model: print N validation inputs and their greedy translations at the end')
    args = parser.parse_args()
    if args.epochs < 0:
        parser.error('--epochs must be 0 or more')

    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    cuda = torch.cuda.is_available()
    device = torch.device(f'cuda:{local_rank}' if cuda else 'cpu')
    if world > 1:
        dist.init_process_group('nccl' if cuda else 'gloo')
        if cuda:
            torch.cuda.set_device(device)
    say = print if rank == 0 else (lambda *a, **k: None)

    with np.load(args.data) as data:
        x_train, y_train, x_val, y_val = (torch.from_numpy(data[k]).to(device) for k in ('x_train', 'y_train', 'x_val', 'y_val'))
    model = PlaygroundModel(CONFIG).to(device)
    load_weights(model, args.weights)
    model.to(device)
    task = CONFIG['task']
    metric_name = 'val_accuracy' if task == 'classification' else 'val_mae'

    val_loss, val_metric = evaluate(model, x_val, y_val, CONFIG)
    say(f'val_loss: {val_loss:.8g}', flush=True)

    n = len(x_train)
    batch = min(CONFIG['batch_size'], n)
    if batch < world:
        raise SystemExit(f'batch_size {batch} is smaller than the {world} processes: each needs a share')
    steps = max(1, n // batch)
    if world > 1:
        trainer = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)
    else:
        trainer = model
    optimizer = make_optimizer([p for p in model.parameters() if p.requires_grad], CONFIG)
    trainable = [p for p in model.parameters() if p.requires_grad]
    masks_rng = torch.Generator().manual_seed(CONFIG['seed'] * 1000 + rank)
    l1, l2, clipnorm = CONFIG['l1'], CONFIG['l2'], CONFIG['clipnorm']
    es = CONFIG['early_stopping']
    best_loss, best_epoch, best_state, wait = math.inf, 0, None, 0

    for epoch in range(1, args.epochs + 1):
        started = time.time()
        # The same shuffle in every process; each takes its contiguous share of every batch.
        order = torch.randperm(n, generator=torch.Generator().manual_seed(CONFIG['seed'] + epoch))
        # On the device: nccl reduces only GPU tensors.
        loss_sum = torch.zeros((), dtype=torch.float64, device=device)
        for s in range(steps):
            rows = np.array_split(order[s * batch:(s + 1) * batch].numpy(), world)[rank]
            xb, yb = x_train[rows], y_train[rows]
            masks = step_masks(len(rows), CONFIG, masks_rng, device)
            optimizer.zero_grad()
            losses = row_losses(trainer(xb, masks, yb), yb, task)
            # DDP averages gradients over processes: scaling by world / batch makes it the batch mean.
            (losses.sum() * (world / batch)).backward()
            with torch.no_grad():
                if l1 > 0 or l2 > 0:
                    for w in model.kernels():
                        w.grad += 2 * l2 * w + l1 * torch.sign(w)
                if clipnorm > 0:
                    norm = torch.sqrt(sum((p.grad.double() ** 2).sum() for p in trainable))
                    if norm > clipnorm:
                        for p in trainable:
                            p.grad *= clipnorm / norm
            optimizer.step()
            loss_sum += losses.detach().double().sum()
        if world > 1:
            dist.all_reduce(loss_sum)
        train_loss = loss_sum.item() / (steps * batch)
        val_loss, val_metric = evaluate(model, x_val, y_val, CONFIG)
        seconds = time.time() - started
        say(
            f'Epoch {epoch}/{args.epochs} - {steps}/{steps} - {seconds:.1f}s {1000 * seconds / steps:.0f}ms/step'
            f' - loss: {train_loss:.8g} - val_loss: {val_loss:.8g} - {metric_name}: {val_metric:.4f}',
            flush=True,
        )
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            say(f'Epoch {epoch}: the loss became {train_loss if not math.isfinite(train_loss) else val_loss}:'
                ' the run diverged. Try a lower learning rate or set clipnorm.')
            break
        # The best epoch is the lowest validation loss; min_delta only decides whether patience resets.
        improved = val_loss < best_loss - es['min_delta']
        if val_loss < best_loss:
            best_loss, best_epoch = val_loss, epoch
            if es['enabled'] and es['restore_best_weights']:
                best_state = copy.deepcopy(model.state_dict())
        wait = 0 if improved else wait + 1
        if es['enabled'] and wait >= es['patience']:
            say(f'Epoch {epoch}: early stopping')
            if best_state is not None:
                say(f'Restoring model weights from the end of the best epoch: {best_epoch}.')
                model.load_state_dict(best_state)
            break

    if args.translate > 0 and model.decoder is not None:
        print_translations(model, x_val, args.translate, say)
    if args.save and rank == 0:
        save_weights(model, args.save)
    if world > 1:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
