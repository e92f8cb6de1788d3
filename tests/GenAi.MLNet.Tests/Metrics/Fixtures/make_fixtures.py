"""Reference values for GenAi.MLNet's metrics, computed with numpy/scipy (and NLTK for BLEU) on fixed inputs.

Run with Debian's Python (apt-get install python3-numpy python3-scipy python3-nltk):
    /usr/bin/python3 tests/GenAi.MLNet.Tests/Metrics/Fixtures/make_fixtures.py
It writes metric_fixtures.json next to this script; MetricFixtureTests compares the C# metrics with it
to 1e-4 relative.
"""
import json
import os

import numpy as np
import scipy.linalg
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu, sentence_bleu

rng = np.random.default_rng(20261126)
real = rng.normal(0.0, 1.0, size=(300, 8))
fake = np.concatenate([rng.normal(0.4, 1.3, size=(150, 8)), rng.normal(-0.5, 0.6, size=(100, 8))])


def frechet(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = scipy.linalg.sqrtm(s1 @ s2).real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))


def mmd2_unbiased(x, y):
    d = x.shape[1]
    k = lambda a, b: (a @ b.T / d + 1) ** 3
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    m, n = len(x), len(y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2 * kxy.mean())


def pairwise(a, b):
    return np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1), 0))


def kth_radius(x, k):
    d = pairwise(x, x)
    return np.sort(d, axis=1)[:, k]  # index 0 is the point itself


def prdc(real_f, fake_f, k):
    """Kynkaanniemi et al. 2019 precision/recall; Naeem et al. 2020 density/coverage."""
    r_real, r_fake = kth_radius(real_f, k), kth_radius(fake_f, k)
    d = pairwise(real_f, fake_f)  # (N real, M fake)
    precision = (d <= r_real[:, None]).any(axis=0).mean()
    recall = (d <= r_fake[None, :]).any(axis=1).mean()
    density = (d <= r_real[:, None]).sum(axis=0).mean() / k
    coverage = (d.min(axis=1) <= r_real).mean()
    return dict(precision=float(precision), recall=float(recall), density=float(density), coverage=float(coverage))


def inception_score(p, splits):
    scores = []
    for part in np.array_split(p, splits):
        py = part.mean(0, keepdims=True)
        kl = (part * (np.log(part) - np.log(py))).sum(1).mean()
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))


def memorization(train, gen, q=0.05):
    dtt = pairwise(train, train)
    np.fill_diagonal(dtt, np.inf)
    nn_train = dtt.min(1)
    nn_gen = pairwise(gen, train).min(1)
    median = np.quantile(nn_train, 0.5)
    return dict(fraction_closer=float((nn_gen < median).mean()),
                median_ratio=float(np.quantile(nn_gen, 0.5) / median),
                fraction_copies=float((nn_gen < np.quantile(nn_train, q)).mean()))


def one_nn(real_f, fake_f):
    pooled = np.concatenate([real_f, fake_f])
    labels = np.r_[np.zeros(len(real_f)), np.ones(len(fake_f))]
    d = pairwise(pooled, pooled)
    np.fill_diagonal(d, np.inf)
    correct = labels[d.argmin(1)] == labels
    return dict(accuracy=float(correct.mean()), real=float(correct[:len(real_f)].mean()), fake=float(correct[len(real_f):].mean()))


def rouge_l(c, r):
    table = np.zeros((len(c) + 1, len(r) + 1), dtype=int)
    for i in range(1, len(c) + 1):
        for j in range(1, len(r) + 1):
            table[i, j] = table[i - 1, j - 1] + 1 if c[i - 1] == r[j - 1] else max(table[i - 1, j], table[i, j - 1])
    lcs = table[-1, -1]
    if lcs == 0:
        return 0.0
    p, rec = lcs / len(c), lcs / len(r)
    return 2 * p * rec / (p + rec)


def distinct(texts, n):
    grams = [tuple(t[i:i + n]) for t in texts for i in range(len(t) - n + 1)]
    return len(set(grams)) / len(grams)


logits = rng.normal(0, 2, size=(253, 10))
probabilities = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
train = rng.normal(0, 1, size=(200, 6))
generated = np.concatenate([train[:40] + rng.normal(0, 0.01, size=(40, 6)), rng.normal(0, 1, size=(160, 6))])

candidates = ["the cat sat on the mat today", "a dog ran in the park with a ball", "she reads books every night before sleep",
              "it is raining heavily in the city", "the quick brown fox jumps over the lazy dog"]
references = [["the cat sat on the mat", "there is a cat on the mat today"], ["a dog ran in the park", "the dog played with a ball in the park"],
              ["she reads a book every night", "every night she reads before she sleeps"], ["it rains heavily in the city today"],
              ["the quick brown fox jumped over the lazy dog", "a quick brown fox jumps over a lazy dog"]]
cand_tok = [c.split() for c in candidates]
ref_tok = [[r.split() for r in refs] for refs in references]
self_bleu = float(np.mean([sentence_bleu([t for j, t in enumerate(cand_tok) if j != i], cand_tok[i], smoothing_function=SmoothingFunction().method1)
                           for i in range(len(cand_tok))]))

fixture = dict(
    real=real.tolist(), fake=fake.tolist(),
    frechet=frechet(real, fake), frechet_self=frechet(real, real),
    mmd2=mmd2_unbiased(real, fake),
    prdc3=prdc(real, fake, 3), prdc5=prdc(real, fake, 5),
    probabilities=probabilities.tolist(), inception_score=inception_score(probabilities, 10),
    memorization_train=train.tolist(), memorization_generated=generated.tolist(), memorization=memorization(train, generated),
    one_nn=one_nn(real[:len(fake)], fake),
    candidates=candidates, references=references,
    corpus_bleu=float(corpus_bleu(ref_tok, cand_tok)),
    sentence_bleu_smoothed=[float(sentence_bleu(ref_tok[i], cand_tok[i], smoothing_function=SmoothingFunction().method1)) for i in range(len(cand_tok))],
    self_bleu=self_bleu,
    rouge_l=[rouge_l(cand_tok[i], ref_tok[i][0]) for i in range(len(cand_tok))],
    distinct1=distinct(cand_tok, 1), distinct2=distinct(cand_tok, 2),
)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "metric_fixtures.json"), "w") as f:
    json.dump(fixture, f)
print({k: v for k, v in fixture.items() if not isinstance(v, list) or len(v) < 6})
