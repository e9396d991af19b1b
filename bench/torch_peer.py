"""PyTorch peer of `npm run bench`: trains the same models (bench/models.json) with the same
optimizer settings for a fixed time on the CPU and prints tokens/s (examples/s for the MLP) as JSON.

    /usr/bin/python3 bench/torch_peer.py --threads 1 --seconds 10 [--models gpt-a,gpt-b,mlp]

Install on Debian/Ubuntu: apt-get install -y python3-torch libopenblas0-pthread
"""
import argparse
import json
import math
import os
import sys
import time


def pin_threads_before_torch_loads(threads):
    """torch.set_num_threads sets only torch's own pool: Debian's OpenBLAS (libopenblas0-pthread)
    keeps a pool of its own, one thread per core, so a "1-thread" peer used both cores of this
    machine (user + sys time 1.9x wall, and 34% more tokens/s on GPT b). The BLAS pools read these
    variables once, when they load, so they are set before torch is imported."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)


if __name__ == "__main__":
    _threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
    pin_threads_before_torch_loads(_threads)

import torch  # noqa: E402 (after the thread pins)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# Same settings as the TypeScript trainer's defaults (src/spec/spec.ts).
LR, BETAS, WEIGHT_DECAY, GRAD_CLIP = 3e-3, (0.9, 0.95), 0.1, 1.0


class Block(nn.Module):
    def __init__(self, d, n_head):
        super().__init__()
        self.n_head = n_head
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, mask):
        B, T, d = x.shape
        q, k, v = self.attn(self.ln1(x)).split(d, dim=2)
        q, k, v = (t.view(B, T, self.n_head, d // self.n_head).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // self.n_head))
        att = F.softmax(att.masked_fill(mask[:T, :T] == 0, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, d)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    """Pre-LayerNorm GPT with learned positions and a tied unembedding, as src/models/gpt.ts."""

    def __init__(self, s):
        super().__init__()
        V, T, d = s["vocabSize"], s["contextLength"], s["dModel"]
        self.wte, self.wpe = nn.Embedding(V, d), nn.Embedding(T, d)
        self.blocks = nn.ModuleList(Block(d, s["nHead"]) for _ in range(s["nLayer"]))
        self.lnf = nn.LayerNorm(d)
        self.register_buffer("mask", torch.tril(torch.ones(T, T)))

    def forward(self, x, y):
        h = self.wte(x) + self.wpe(torch.arange(x.shape[1]))
        for block in self.blocks:
            h = block(h, self.mask)
        logits = self.lnf(h) @ self.wte.weight.t()
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1))


class Mlp(nn.Module):
    def __init__(self, s):
        super().__init__()
        widths = [s["inputDim"]] + [s["width"]] * s["depth"] + [s["outputDim"]]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:]))

    def forward(self, x, y):
        for layer in self.layers[:-1]:
            x = F.relu(layer(x))
        return F.mse_loss(self.layers[-1](x), y)


def batch_fn(s, device):
    B = s["batchSize"]
    if s["family"] == "gpt":
        V, T = s["vocabSize"], s["contextLength"]
        return lambda: (torch.randint(0, V, (B, T), device=device), torch.randint(0, V, (B, T), device=device)), B * T
    return lambda: (torch.randn(B, s["inputDim"], device=device), torch.randn(B, s["outputDim"], device=device)), B


def sync(device):
    # CUDA runs asynchronously: time only work that has finished.
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def measure(s, seconds, device):
    torch.manual_seed(0)
    model = (Gpt(s) if s["family"] == "gpt" else Mlp(s)).to(device)
    # As the TypeScript AdamW: only matrices decay.
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": rest, "weight_decay": 0.0}], lr=LR, betas=BETAS)
    make_batch, tokens_per_step = batch_fn(s, device)

    def step():
        x, y = make_batch()
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        opt.step()
        return loss

    for _ in range(3):
        step()
    sync(device)
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while True:
        loss = step()
        steps += 1
        if time.perf_counter() - start >= seconds:
            break
    sync(device)
    elapsed = time.perf_counter() - start
    # CPU seconds per wall second: about 1 when the peer really runs on one thread.
    cores_used = (time.process_time() - cpu_start) / elapsed
    return {"tokens_per_s": steps * tokens_per_step / elapsed, "steps": steps, "loss": float(loss), "cores_used": cores_used}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--models", default="gpt-a,gpt-b,mlp")
    parser.add_argument("--spec", default=os.path.join(here, "models.json"))
    parser.add_argument("--device", default="cpu", help="cpu, or cuda (eager, on the first GPU torch sees)")
    args = parser.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: torch sees no CUDA GPU")
    torch.set_num_threads(args.threads)
    with open(args.spec) as f:
        specs = json.load(f)
    results = []
    for name in args.models.split(","):
        results.append({"model": name, **measure(specs[name], args.seconds, device)})
    gpu = torch.cuda.get_device_name(device) if device.type == "cuda" else None
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "device": args.device, "gpu": gpu, "results": results}))


if __name__ == "__main__":
    main()
