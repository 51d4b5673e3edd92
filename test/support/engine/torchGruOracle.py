"""PyTorch as the outside oracle of our GRU (Keras reset_after=True is PyTorch's GRU).

Reads one JSON object on stdin: the model (units per layer, bidirectional, features, outputs, task),
its weights in OUR layout (gate-interleaved columns 3*j + g with Keras's gate order z, r, h; see
src/model/params.ts), x [B, T, F] and y [B, K]. Runs torch.nn.GRU + Linear in float64 and prints one
JSON object: the logits, the mean loss and every gradient, converted back to our layout.
"""
import json
import sys

import torch

spec = json.load(sys.stdin)
torch.set_default_dtype(torch.float64)
units, F, K = spec["units"], spec["features"], spec["outputs"]
directions = 2 if spec["bidirectional"] else 1
B, T = spec["batch"], spec["steps"]

# Ours, per gate block g of unit j: column 3*j + g, gates (z, r, h). PyTorch stacks rows (r, z, n).
OURS_OF_TORCH = [1, 0, 2]  # torch block r -> our gate 1, z -> 0, n -> 2


def to_torch(flat, rows, H):
    """Our [rows, 3H] interleaved matrix -> torch's [3H, rows] (r, z, n) blocks."""
    ours = torch.tensor(flat).reshape(rows, H, 3)  # [row, unit, gate]
    return torch.cat([ours[:, :, OURS_OF_TORCH[b]].T for b in range(3)], dim=0)


def from_torch(t, rows, H):
    """torch's [3H, rows] -> our interleaved [rows, 3H], flat."""
    out = torch.empty(rows, H, 3)
    for b in range(3):
        out[:, :, OURS_OF_TORCH[b]] = t[b * H:(b + 1) * H, :].T
    return out.reshape(-1).tolist()


def bias_to_torch(flat, H):
    ours = torch.tensor(flat).reshape(H, 3)
    return torch.cat([ours[:, OURS_OF_TORCH[b]] for b in range(3)])


def bias_from_torch(t, H):
    out = torch.empty(H, 3)
    for b in range(3):
        out[:, OURS_OF_TORCH[b]] = t[b * H:(b + 1) * H]
    return out.reshape(-1).tolist()


grus = []
inputs = F
for l, H in enumerate(units):
    gru = torch.nn.GRU(inputs, H, batch_first=True, bidirectional=directions == 2)
    for d in range(directions):
        w = spec["weights"][l][d]
        suffix = "_reverse" if d == 1 else ""
        with torch.no_grad():
            getattr(gru, "weight_ih_l0" + suffix).copy_(to_torch(w["kernel"], inputs, H))
            getattr(gru, "weight_hh_l0" + suffix).copy_(to_torch(w["recurrent"], H, H))
            getattr(gru, "bias_ih_l0" + suffix).copy_(bias_to_torch(w["bias"], H))
            getattr(gru, "bias_hh_l0" + suffix).copy_(bias_to_torch(w["recurrentBias"], H))
    grus.append(gru)
    inputs = H * directions
head = torch.nn.Linear(inputs, K)
with torch.no_grad():
    head.weight.copy_(torch.tensor(spec["headKernel"]).reshape(inputs, K).T)
    head.bias.copy_(torch.tensor(spec["headBias"]))

x = torch.tensor(spec["x"]).reshape(B, T, F)
y = torch.tensor(spec["y"]).reshape(B, K)
out = x
for gru in grus[:-1]:
    out, _ = gru(out)
_, h_n = grus[-1](out)
# Keras Bidirectional without return_sequences: [forward h at t = T-1, reverse h at t = 0].
last = torch.cat([h_n[d] for d in range(directions)], dim=1)
logits = head(last)
if spec["task"] == "classification":
    loss = -(y * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
else:
    loss = ((logits - y) ** 2).mean()
loss.backward()

grads = []
inputs = F
for l, (gru, H) in enumerate(zip(grus, units)):
    layer = []
    for d in range(directions):
        suffix = "_reverse" if d == 1 else ""
        p = lambda name: getattr(gru, name + "_l0" + suffix).grad  # noqa: E731
        layer.append({
            "kernel": from_torch(p("weight_ih"), inputs, H),
            "recurrent": from_torch(p("weight_hh"), H, H),
            "bias": bias_from_torch(p("bias_ih"), H),
            "recurrentBias": bias_from_torch(p("bias_hh"), H),
        })
    grads.append(layer)
    inputs = H * directions
print(json.dumps({
    "logits": logits.detach().reshape(-1).tolist(),
    "loss": loss.item(),
    "grads": grads,
    "headKernel": head.weight.grad.T.reshape(-1).tolist(),
    "headBias": head.bias.grad.tolist(),
}))
