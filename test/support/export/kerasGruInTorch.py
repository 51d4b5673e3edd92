"""Reads a TF.js LayersModel of Keras GRUs (reset_after=True) by Keras's own layout, runs it in torch.

Also the functional model of the attention export: each layer reads the layers its inbound node
names; Dense acts on the last axis, Reshape, Softmax (last axis) and Dot(axes=1) as Keras
documents them.

The outside reader of the GRU export, which TF.js 4.22 cannot load: written from Keras's
documented format, not from our writer. Usage: kerasGruInTorch.py FOLDER, where FOLDER holds
model.json, its weight shard(s) and data.npz; prints the predictions for x_val as one JSON list.

Keras's GRU(reset_after=True) per direction: kernel [F, 3H] and recurrent_kernel [H, 3H] with
gate blocks z, r, h along the columns; bias [2, 3H], row 0 the input bias, row 1 the recurrent
bias (inside the reset gate's product). torch.nn.GRU keeps [3H, in] with row blocks r, z, n, and
bias_ih / bias_hh: the same GRU. Bidirectional(merge_mode='concat'): forward weights, then
backward; output [forward, backward]; the last layer hands the Dense head the forward state after
the last step and the backward state after the first. A Dense head with softmax or linear.
"""
import json
import os
import sys

import numpy as np
import torch

folder = sys.argv[1]
with open(os.path.join(folder, 'model.json')) as f:
    model_json = json.load(f)
weights = {}
for group in model_json['weightsManifest']:
    data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
    offset = 0
    for w in group['weights']:
        count = int(np.prod(w['shape']))
        weights[w['name']] = np.frombuffer(data, '<f4', count, offset).reshape(w['shape'])
        offset += 4 * count

torch.set_default_dtype(torch.float32)


def keras_to_torch(m, H):
    """[in, 3H] blocks z, r, h -> torch [3H, in] blocks r, z, n."""
    z, r, h = m[..., :H], m[..., H:2 * H], m[..., 2 * H:]
    return torch.from_numpy(np.concatenate([r, z, h], axis=-1).T.copy())


def bias_to_torch(b, H):
    return torch.from_numpy(np.concatenate([b[H:2 * H], b[:H], b[2 * H:]]).copy())


def gru_of(prefix, config, inputs, bidirectional):
    H = config['units']
    gru = torch.nn.GRU(inputs, H, batch_first=True, bidirectional=bidirectional)
    directions = [(f'{prefix}/forward_', ''), (f'{prefix}/backward_', '_reverse')] if bidirectional else [(f'{prefix}/', '')]
    for start, suffix in directions:
        def find(end):
            [name] = [n for n in weights if n.startswith(start) and n.split('/')[-1] == end]
            return weights[name]
        bias = find('bias')
        assert bias.shape == (2, 3 * H), f'{start}: a reset_after=True GRU has a (2, 3H) bias, not {bias.shape}'
        with torch.no_grad():
            getattr(gru, 'weight_ih_l0' + suffix).copy_(keras_to_torch(find('kernel'), H))
            getattr(gru, 'weight_hh_l0' + suffix).copy_(keras_to_torch(find('recurrent_kernel'), H))
            getattr(gru, 'bias_ih_l0' + suffix).copy_(bias_to_torch(bias[0], H))
            getattr(gru, 'bias_hh_l0' + suffix).copy_(bias_to_torch(bias[1], H))
    return gru, H * (2 if bidirectional else 1)


def dense(config, h):
    """Keras's Dense on the last axis (every step of a 3-D input), its activation after."""
    out = h @ torch.from_numpy(weights[f"{config['name']}/kernel"].copy())
    if config.get('use_bias', True):
        out = out + torch.from_numpy(weights[f"{config['name']}/bias"].copy())
    activation = config.get('activation', 'linear')
    if activation == 'softmax':
        return torch.softmax(out, dim=-1)
    if activation == 'tanh':
        return torch.tanh(out)
    assert activation == 'linear', activation
    return out


x = torch.from_numpy(np.load(os.path.join(folder, 'data.npz'))['x_val'])
topology = model_json['modelTopology']
# A functional model (the attention export) names each layer's inputs; a Sequential one chains them.
functional = topology['class_name'] in ('Functional', 'Model')
outputs = {}
out = x
inputs = x.shape[2]
for layer in topology['config']['layers']:
    cls, config = layer['class_name'], layer['config']
    if cls == 'InputLayer':
        outputs[config['name']] = out = x
        continue
    args = [outputs[t[0]] for t in layer['inbound_nodes'][0]] if functional else [out]
    h = args[0]
    if cls in ('GRU', 'Bidirectional'):
        bidirectional = cls == 'Bidirectional'
        inner = config['layer'] if bidirectional else layer
        assert inner['class_name'] == 'GRU' and inner['config']['reset_after'] is True
        assert not bidirectional or config['merge_mode'] == 'concat'
        gru, inputs = gru_of(config['name'], inner['config'], inputs, bidirectional)
        with torch.no_grad():
            sequence, h_n = gru(h)
        # return_sequences: every step's h; else the last state of each direction, concatenated.
        out = sequence if inner['config']['return_sequences'] else torch.cat([h_n[d] for d in range(h_n.shape[0])], dim=1)
    elif cls == 'Dense':
        out = dense(config, h)
    elif cls == 'Reshape':
        out = h.reshape(h.shape[0], *config['target_shape'])
    elif cls == 'Softmax':
        assert config.get('axis', -1) in (-1, h.dim() - 1), config
        out = torch.softmax(h, dim=-1)
    elif cls == 'Dot':
        # Keras's batch_dot of [B, T] and [B, T, D] over axis 1: [B, D].
        assert config['axes'] in (1, [1, 1]) and not config.get('normalize'), config
        weights_, states = args
        out = torch.einsum('bt,btd->bd', weights_, states)
    elif cls == 'Dropout':
        out = h  # nothing at inference
    else:
        raise SystemExit(f'no reader for layer class {cls}')
    outputs[config['name']] = out
print(json.dumps(out.reshape(-1).tolist()))
