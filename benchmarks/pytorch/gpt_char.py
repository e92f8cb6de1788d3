"""PyTorch reference for the GenAi.MLNet GPT benchmark: the same character GPT, data, windows, schedule and
optimiser as the C# side (GenAi.MLNet.Models.Language.Gpt), so the two runs differ only in the framework.

Model: nanoGPT's model.py layout (https://github.com/karpathy/nanoGPT) with biases, as GPT-2: pre-LayerNorm
blocks, causal self-attention, GELU MLP (exact erf), learned positions, output layer tied to the token
embeddings; init N(0, 0.02), residual projections N(0, 0.02/sqrt(2 L)), zero biases. Torch 1.13 (Debian)
has no scaled_dot_product_attention, so attention is nanoGPT's explicit masked softmax.
Data: the six Austen novels in data/text (file names in sorted order) joined by a newline; first 90 % of the
characters train, last 10 % validate. Vocabulary: the training text's distinct characters in code-point
order with ids 1..n; id 0 is the unknown character and the boundary token that starts each stream. Each
stream ([0] + ids) is cut into windows of T+1 tokens at stride T (the last one shorter, its missing
targets ignored); every epoch the training windows are shuffled (randperm from the seed) and taken in
batches; the validation loss is the mean NLL over every validation target.
Optimiser: AdamW (decay on tensors of 2+ dims only), linear warm-up (step+1)/warmup, then cosine to
min_fraction x lr over the remaining steps, gradient clipping at 1.0.
Run via ./run.sh (OpenBLAS) after ./setup.sh:  ./run.sh gpt_char.py --seed 1 --json out.json
"""
import argparse, json, math, os, resource, time

import torch
import torch.nn.functional as F
from torch import nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
IGNORE = -100


class CausalSelfAttention(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.c_attn, self.c_proj, self.heads = nn.Linear(c, 3 * c), nn.Linear(c, c), heads

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))  # (B, H, T, D)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.ln_1, self.attn = nn.LayerNorm(c), CausalSelfAttention(c, heads)
        self.ln_2 = nn.LayerNorm(c)
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(c, 4 * c), c_proj=nn.Linear(4 * c, c)))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp.c_proj(F.gelu(self.mlp.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocab, context, layers, heads, c):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, c), nn.Embedding(context, c)
        self.h = nn.ModuleList(Block(c, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(c)
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif p.dim() == 2:
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * layers) if name.endswith("c_proj.weight") else 0.02)

    def forward(self, idx):
        t = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)


def windows(stream, t):
    out = [stream[s:s + t + 1] for s in range(0, len(stream) - 1, t)]
    return [w for w in out if len(w) >= 2]


def collate(batch, t):
    x = torch.zeros(len(batch), t, dtype=torch.long)
    y = torch.full((len(batch), t), IGNORE, dtype=torch.long)
    for i, w in enumerate(batch):
        w = torch.tensor(w, dtype=torch.long)
        x[i, :len(w) - 1], y[i, :len(w) - 1] = w[:-1], w[1:]
    return x, y


def loss_of(model, x, y, reduction="mean"):
    logits = model(x)
    return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=IGNORE, reduction=reduction)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--iters", type=int, default=2000)
    a.add_argument("--layers", type=int, default=4)
    a.add_argument("--heads", type=int, default=4)
    a.add_argument("--width", type=int, default=128)
    a.add_argument("--context", type=int, default=64)
    a.add_argument("--batch", type=int, default=12)
    a.add_argument("--lr", type=float, default=1e-3)
    a.add_argument("--warmup", type=int, default=100)
    a.add_argument("--min-fraction", type=float, default=0.1)
    a.add_argument("--generate", type=int, default=200)
    a.add_argument("--json", required=True)
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    text_dir = os.path.join(ROOT, "data", "text")
    names = sorted(n for n in os.listdir(text_dir) if n.startswith("austen_") and n.endswith(".txt"))
    text = "\n".join(open(os.path.join(text_dir, n), encoding="utf-8").read() for n in names)
    cut = int(len(text) * 0.9)
    train_text, val_text = text[:cut], text[cut:]
    alphabet = sorted(set(train_text))
    ids = {ch: i + 1 for i, ch in enumerate(alphabet)}
    encode = lambda s: [0] + [ids.get(ch, 0) for ch in s]
    train_w, val_w = windows(encode(train_text), args.context), windows(encode(val_text), args.context)
    vocab = len(alphabet) + 1

    model = GPT(vocab, args.context, args.layers, args.heads, args.width)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.99), eps=1e-8)

    def factor(step):
        if step < args.warmup:
            return (step + 1) / args.warmup
        progress = min(max((step - args.warmup) / max(1, args.iters - args.warmup - 1), 0.0), 1.0)
        return args.min_fraction + (1 - args.min_fraction) * 0.5 * (1 + math.cos(math.pi * progress))

    g = torch.Generator().manual_seed(args.seed)
    order, pos, step, losses = torch.randperm(len(train_w), generator=g).tolist(), 0, 0, []
    model.train()
    start = time.perf_counter()
    while step < args.iters:
        if pos + args.batch > len(order):
            order, pos = torch.randperm(len(train_w), generator=g).tolist(), 0
        x, y = collate([train_w[i] for i in order[pos:pos + args.batch]], args.context)
        pos += args.batch
        for group in opt.param_groups:
            group["lr"] = args.lr * factor(step)
        loss = loss_of(model, x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        step += 1
    train_seconds = time.perf_counter() - start

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(val_w), 64):
            x, y = collate(val_w[i:i + 64], args.context)
            total += loss_of(model, x, y, reduction="sum").item()
            count += int((y != IGNORE).sum())

        # Generation without a cache (nanoGPT's generate: the last T tokens recomputed every step), on one
        # thread as the other side generates.
        torch.set_num_threads(1)
        idx = torch.zeros(1, 1, dtype=torch.long)
        t0 = time.perf_counter()
        for _ in range(args.generate):
            logits = model(idx[:, -args.context:])[:, -1, :]
            idx = torch.cat([idx, torch.multinomial(logits.softmax(-1), 1)], dim=1)
        gen_seconds = time.perf_counter() - t0

    n_params = sum(p.numel() for p in model.parameters())
    json.dump({
        "seed": args.seed, "torch": torch.__version__, "threads": args.threads, "vocab": vocab,
        "train_windows": len(train_w), "val_tokens": count, "parameters": n_params,
        "val_loss": total / count, "train_seconds": train_seconds, "seconds_per_iter": train_seconds / args.iters,
        "final_train_loss": sum(losses[-100:]) / len(losses[-100:]),
        "generate_tokens_per_second": args.generate / gen_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "blas": torch.__config__.show().splitlines()[0:1],
    }, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
