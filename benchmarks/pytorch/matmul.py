"""sgemm throughput of PyTorch on this machine, for the benchmark report: (128 x 784) @ (784 x 400), the
MNIST VAE's largest layer at batch 128. Prints GFLOP/s as JSON."""
import json, sys, time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
a, b = torch.rand(128, 784), torch.rand(784, 400)
for _ in range(100):
    a @ b
times = []
for _ in range(7):
    t = time.perf_counter()
    for _ in range(500):
        a @ b
    times.append((time.perf_counter() - t) / 500)
print(json.dumps({"gflops": 2 * 128 * 784 * 400 / sorted(times)[3] / 1e9}))
