"""One run of a toyscale sweep in PyTorch, for bench/sweep-peer.ts: the run's model shape, batch,
steps, learning-rate schedule, AdamW, gradient clipping, loss reads every steps/100 and held-out
evaluations at the same steps as src/train/train-run.ts, on one thread. Random tokens stand in for
the corpus (the speed does not depend on which tokens). Prints one JSON line.

    /usr/bin/python3 bench/torch_sweep_run.py <run.json>

run.json: {"model": <shape as in bench/models.json>, "batchSize", "steps", "evalSteps": [...],
"evalBatches", "train": {"learningRate", "warmupFraction", "minLrFraction", "weightDecay", "beta1",
"beta2", "gradClip"}}.
"""
import json
import math
import os
import sys
import time

if __name__ == "__main__":
    # Before torch loads: its BLAS pools read these once (see torch_peer.py).
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"

import torch  # noqa: E402
from torch_peer import Gpt, Mlp  # noqa: E402

ROWS_PER_RUN = 100


def learning_rate(step, steps, peak, warmup_fraction, min_fraction):
    """Linear warm-up, then a cosine to min_fraction of the peak at the last step (src/train/schedule.ts)."""
    warmup = max(1, round(steps * warmup_fraction))
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, steps - 1 - warmup))
    return peak * (min_fraction + (1 - min_fraction) * 0.5 * (1 + math.cos(math.pi * progress)))


def main():
    started = time.perf_counter()
    with open(sys.argv[1]) as f:
        run = json.load(f)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    s, train = run["model"], run["train"]
    s = {**s, "batchSize": run["batchSize"]}
    model = Gpt(s) if s["family"] == "gpt" else Mlp(s)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": train["weightDecay"]}, {"params": rest, "weight_decay": 0.0}],
        lr=train["learningRate"], betas=(train["beta1"], train["beta2"]),
    )
    B = run["batchSize"]
    if s["family"] == "gpt":
        V, T = s["vocabSize"], s["contextLength"]
        make = lambda: (torch.randint(0, V, (B, T)), torch.randint(0, V, (B, T)))  # noqa: E731
    else:
        make = lambda: (torch.randn(B, s["inputDim"]), torch.randn(B, s["outputDim"]))  # noqa: E731
    held_out = [make() for _ in range(run["evalBatches"])]
    steps, eval_at = run["steps"], set(run["evalSteps"])
    log_every = max(1, round(steps / ROWS_PER_RUN))

    def evaluate():
        with torch.no_grad():
            return sum(float(model(x, y)) for x, y in held_out) / len(held_out)

    setup = time.perf_counter() - started
    t0 = time.perf_counter()
    eval_seconds = 0.0
    if 0 in eval_at:
        evaluate()
    eval_seconds += time.perf_counter() - t0
    loss_sum = torch.zeros(())
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, steps, train["learningRate"], train["warmupFraction"], train["minLrFraction"])
        x, y = make()
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), train["gradClip"])
        opt.step()
        loss_sum += loss.detach()
        done = step + 1
        if done % log_every == 0 or done in eval_at:
            float(loss_sum)
            loss_sum = torch.zeros(())
            if done in eval_at:
                e0 = time.perf_counter()
                evaluate()
                eval_seconds += time.perf_counter() - e0
    seconds = time.perf_counter() - t0
    print(json.dumps({"steps": steps, "seconds": seconds, "eval_seconds": eval_seconds, "setup_seconds": setup}))


if __name__ == "__main__":
    main()
