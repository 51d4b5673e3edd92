"""PyTorch as the outside oracle of our encoder-decoder (issue 23; src/engine/reference/seq2seq.ts).

Reads one JSON object on stdin: the model (encoder cell 'lstm' or 'gru', one layer, bidirectional,
units; decoder score 'dot' or 'general'; features F, vocabulary V, steps T_in and T_out, batch B),
x [B, T_in, F] (text: all-zero rows are padding), the targets as symbol indices [B, T_out], and
every tensor in OUR layout and order (model/params.ts weightTensors): the encoder's kernel,
recurrent, bias (and the GRU's recurrent bias) per direction, then the decoder's kernel [V+1, 4H],
recurrent [H, 4H], bias [4H], (general: Wa [H, D]), Wc [D+H, H], bc [H], then the head [H, V] and
its bias [V]. Recurrent tensors are gate-interleaved (column G*j + g; LSTM gates i, f, g, o as
Keras's i, f, c, o; GRU z, r, h).

Built from torch's own modules in float64: nn.LSTM / nn.GRU for the encoder, nn.LSTM from a zero
state for the decoder (teacher forcing: its inputs are known), torch's bmm, masked softmax and
cross_entropy. Prints one JSON object: the loss (mean cross-entropy over steps and batch), every
gradient in our layout and order, and greedy decoding's choices [B, T_out] and probabilities
[B, T_out, V] (an nn.LSTMCell fed its own argmax, step by step).
"""
import json
import sys

import torch
import torch.nn.functional as F

spec = json.load(sys.stdin)
torch.set_default_dtype(torch.float64)
cell, bidirectional, H_enc = spec["cell"], spec["bidirectional"], spec["units"]
directions = 2 if bidirectional else 1
Fin, V, T, S, B = spec["features"], spec["vocabulary"], spec["steps"], spec["out_steps"], spec["batch"]
D = directions * H_enc
H = D
general = spec["score"] == "general"

# Ours, per unit j: column G*j + g. torch stacks gate blocks: LSTM (i, f, g, o) = ours; GRU (r, z, n)
# where ours is (z, r, h).
OURS_OF_TORCH = {"lstm": [0, 1, 2, 3], "gru": [1, 0, 2]}


def to_torch(flat, rows, units, kind):
    """Our [rows, G*units] interleaved matrix -> torch's [G*units, rows] gate blocks."""
    order = OURS_OF_TORCH[kind]
    ours = torch.tensor(flat).reshape(rows, units, len(order))
    return torch.cat([ours[:, :, order[b]].T for b in range(len(order))], dim=0)


def from_torch(t, rows, units, kind):
    order = OURS_OF_TORCH[kind]
    out = torch.empty(rows, units, len(order))
    for b in range(len(order)):
        out[:, :, order[b]] = t[b * units:(b + 1) * units, :].T
    return out.reshape(-1).tolist()


def bias_to_torch(flat, units, kind):
    return to_torch(flat, 1, units, kind).reshape(-1)


def bias_from_torch(t, units, kind):
    return from_torch(t.reshape(-1, 1), 1, units, kind)


tensors = list(spec["weights"])
take = lambda: tensors.pop(0)  # noqa: E731

module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(Fin, H_enc, batch_first=True, bidirectional=bidirectional)
with torch.no_grad():
    for d in range(directions):
        suffix = "_reverse" if d == 1 else ""
        p = lambda name: getattr(module, name + "_l0" + suffix)  # noqa: E731
        p("weight_ih").copy_(to_torch(take(), Fin, H_enc, cell))
        p("weight_hh").copy_(to_torch(take(), H_enc, H_enc, cell))
        p("bias_ih").copy_(bias_to_torch(take(), H_enc, cell))
        # LSTM: one bias per gate (torch adds two: the second stays 0); GRU: the recurrent bias.
        p("bias_hh").copy_(bias_to_torch(take(), H_enc, cell) if cell == "gru" else torch.zeros(4 * H_enc))

decoder = torch.nn.LSTM(V + 1, H, batch_first=True)
with torch.no_grad():
    decoder.weight_ih_l0.copy_(to_torch(take(), V + 1, H, "lstm"))
    decoder.weight_hh_l0.copy_(to_torch(take(), H, H, "lstm"))
    decoder.bias_ih_l0.copy_(bias_to_torch(take(), H, "lstm"))
    decoder.bias_hh_l0.zero_()
decoder.bias_hh_l0.requires_grad_(False)
Wa = torch.tensor(take()).reshape(H, D).requires_grad_() if general else None
Wc = torch.tensor(take()).reshape(D + H, H).requires_grad_()
bc = torch.tensor(take()).requires_grad_()
Wo = torch.tensor(take()).reshape(H, V).requires_grad_()
bo = torch.tensor(take()).requires_grad_()
assert not tensors, "more tensors than the model has"

x = torch.tensor(spec["x"], dtype=torch.float64).reshape(B, T, Fin)
targets = torch.tensor(spec["targets"], dtype=torch.long).reshape(B, S)
real = (x != 0).any(dim=2)  # [B, T]
real = real | ~real.any(dim=1, keepdim=True)  # a row with no real step attends to every step


def attend(s, hs):
    """s [B, n, H] -> h~ [B, n, H] and alpha [B, n, T]: Luong's score, the masked softmax, the combine."""
    q = s @ Wa if general else s
    scores = torch.bmm(q, hs.transpose(1, 2)).masked_fill(~real.unsqueeze(1), float("-inf"))
    alpha = torch.softmax(scores, dim=2)
    context = torch.bmm(alpha, hs)
    return torch.tanh(torch.cat([context, s], dim=2) @ Wc + bc), alpha


hs, _ = module(x)  # [B, T, D]: Bidirectional's [forward h, reverse h]
# Teacher forcing: step 0 reads the start symbol (column V), step i the target of step i - 1.
start = torch.zeros(B, 1, V + 1)
start[:, 0, V] = 1
previous = F.one_hot(targets[:, :-1], V + 1).double()
s, _ = decoder(torch.cat([start, previous], dim=1))  # from a zero state
htilde, _ = attend(s, hs)
logits = htilde @ Wo + bo  # [B, S, V]
loss = F.cross_entropy(logits.reshape(B * S, V), targets.reshape(-1))
loss.backward()

grads = []
for d in range(directions):
    suffix = "_reverse" if d == 1 else ""
    g = lambda name: getattr(module, name + "_l0" + suffix).grad  # noqa: E731
    grads += [from_torch(g("weight_ih"), Fin, H_enc, cell), from_torch(g("weight_hh"), H_enc, H_enc, cell),
              bias_from_torch(g("bias_ih"), H_enc, cell)]
    if cell == "gru":
        grads.append(bias_from_torch(g("bias_hh"), H_enc, cell))
grads += [from_torch(decoder.weight_ih_l0.grad, V + 1, H, "lstm"), from_torch(decoder.weight_hh_l0.grad, H, H, "lstm"),
          bias_from_torch(decoder.bias_ih_l0.grad, H, "lstm")]
if general:
    grads.append(Wa.grad.reshape(-1).tolist())
grads += [Wc.grad.reshape(-1).tolist(), bc.grad.tolist(), Wo.grad.reshape(-1).tolist(), bo.grad.tolist()]

# Greedy decoding: an LSTMCell with the decoder's weights, fed its own argmax.
step = torch.nn.LSTMCell(V + 1, H)
with torch.no_grad():
    step.weight_ih.copy_(decoder.weight_ih_l0)
    step.weight_hh.copy_(decoder.weight_hh_l0)
    step.bias_ih.copy_(decoder.bias_ih_l0)
    step.bias_hh.zero_()
    h, c = torch.zeros(B, H), torch.zeros(B, H)
    token = torch.full((B,), V, dtype=torch.long)
    chosen, probabilities = [], []
    for i in range(S):
        h, c = step(F.one_hot(token, V + 1).double(), (h, c))
        out, _ = attend(h.unsqueeze(1), hs)
        p = torch.softmax(out[:, 0] @ Wo + bo, dim=1)
        token = p.argmax(dim=1)
        chosen.append(token)
        probabilities.append(p)
print(json.dumps({
    "loss": loss.item(),
    "grads": grads,
    "greedy": torch.stack(chosen, dim=1).tolist(),
    "probabilities": torch.stack(probabilities, dim=1).reshape(-1).tolist(),
}))
