"""PyTorch reference for the GenAi.MLNet VAE benchmark (must mirror the C# / TorchSharp model exactly).

Model and loss follow pytorch/examples vae/main.py (https://github.com/pytorch/examples/blob/main/vae/main.py)
and D. P. Kingma & M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014 (arXiv:1312.6114):
784-400-(20,20) Gaussian encoder, 20-400-784 Bernoulli decoder (emits logits), loss = BCE + KL.
Data: data/images/mnist-10k-*.gz; first 8,000 images train, last 2,000 test (fixed split by position).
Run via ./run.sh (OpenBLAS) after ./setup.sh:  ./run.sh vae_mnist.py --epochs 20 --json out.json
"""
import argparse, gzip, json, os, struct, time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
N_TRAIN, K_EVAL = 8000, 8


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    got, n = struct.unpack(">ii", buf[:8])
    assert got == magic, f"{path}: magic {got:#x} != {magic:#x}"
    if magic == 0x803:
        rows, cols = struct.unpack(">ii", buf[8:16])
        return np.frombuffer(buf, np.uint8, n * rows * cols, 16).reshape(n, rows * cols)
    return np.frombuffer(buf, np.uint8, n, 8)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc_mu, self.fc_logvar = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def decode(self, z):  # returns logits; no sigmoid inside the model
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)  # reparameterisation trick
        return self.decode(z), mu, logvar


def kl(mu, logvar):  # KL(q(z|x) || N(0, I)) per row, closed form
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)


def bce(logits, x):  # -log p(x|z) per row, Bernoulli likelihood summed over the 784 pixels
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)


@torch.no_grad()
def test_neg_elbo(model, x, seed):
    """Mean over test rows of  mean_k BCE(decode(mu + sigma*eps_k), x) + KL, in nats per image.
    eps comes from a private generator re-seeded every call, so all evaluations share the same draws."""
    model.eval()
    gen = torch.Generator().manual_seed(seed)
    mu, logvar = model.encode(x)
    std, rec = torch.exp(0.5 * logvar), torch.zeros(x.shape[0])
    for _ in range(K_EVAL):
        rec += bce(model.decode(mu + std * torch.randn(mu.shape, generator=gen)), x)
    model.train()
    return (rec / K_EVAL + kl(mu, logvar)).mean().item()


def blas_info():
    cfg = torch.__config__.show()
    info = cfg.split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in cfg else "?"
    with open("/proc/self/maps") as f:
        libs = sorted({l.split()[-1].rsplit("/", 1)[-1] for l in f if "blas" in l.rsplit("/", 1)[-1]})
    core = os.environ.get("OPENBLAS_CORETYPE") if any("openblas" in l for l in libs) else None
    return f"BLAS_INFO={info}; loaded: {', '.join(libs) or 'none'}" + (f"; OPENBLAS_CORETYPE={core}" if core else "")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--json", metavar="PATH")
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    img = read_idx(os.path.join(ROOT, "data/images/mnist-10k-images-idx3-ubyte.gz"), 0x803)
    lab = read_idx(os.path.join(ROOT, "data/images/mnist-10k-labels-idx1-ubyte.gz"), 0x801)
    assert img.shape == (10000, 784) and lab.shape == (10000,)
    x = torch.from_numpy(img.astype(np.float32) / 255.0)
    x_train, x_test = x[:N_TRAIN], x[N_TRAIN:]

    torch.manual_seed(a.seed)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    shuffle_gen = torch.Generator().manual_seed(a.seed)

    untrained = test_neg_elbo(model, x_test, a.seed)
    print(f"untrained  test -ELBO {untrained:9.3f} nats")
    per_epoch = []
    for epoch in range(1, a.epochs + 1):
        t0, total = time.perf_counter(), 0.0
        perm = torch.randperm(N_TRAIN, generator=shuffle_gen)
        for i in range(0, N_TRAIN, a.batch_size):  # last partial batch included: 63 steps
            xb = x_train[perm[i:i + a.batch_size]]
            logits, mu, logvar = model(xb)
            loss = (bce(logits, xb) + kl(mu, logvar)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        secs = time.perf_counter() - t0
        nelbo = test_neg_elbo(model, x_test, a.seed)
        per_epoch.append({"epoch": epoch, "train_loss": total / N_TRAIN, "test_neg_elbo": nelbo, "seconds": secs})
        print(f"epoch {epoch:3d}  train loss {total / N_TRAIN:9.3f}  test -ELBO {nelbo:9.3f}  {secs:6.2f} s")

    timed = per_epoch[1:] if len(per_epoch) > 1 else per_epoch
    res = {"framework": "pytorch", "torch_version": torch.__version__, "blas": blas_info(),
           "threads": a.threads, "seed": a.seed, "epochs": a.epochs, "untrained_test_neg_elbo": untrained,
           "per_epoch": per_epoch, "final_test_neg_elbo": per_epoch[-1]["test_neg_elbo"] if per_epoch else untrained,
           "mean_epoch_seconds": sum(e["seconds"] for e in timed) / len(timed) if timed else None,
           "total_seconds": sum(e["seconds"] for e in per_epoch)}
    print(f"torch {res['torch_version']} | {res['blas']} | threads {a.threads}\n"
          f"final test -ELBO {res['final_test_neg_elbo']:.3f} nats, mean epoch {res['mean_epoch_seconds'] or 0:.2f} s"
          f" (excl. epoch 1), total train {res['total_seconds']:.2f} s")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
