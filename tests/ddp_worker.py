"""Trains small models with the course's training loops and prints a JSON summary.

Run alone (one process) or under ``torchrun --nproc_per_node 2`` by tests/test_distributed.py: the two
summaries must agree, since data parallelism is the same computation split differently.
"""

import json
import sys

import torch

from course_utils import distributed, elmo, rnn, training

torch.set_num_threads(1)
distributed.setup()
corpus = [s.split() for s in ["the cat sat on the mat", "a dog saw the cat", "the dog ran far away", "a cat ran"]] * 9

g = torch.Generator().manual_seed(0)
x, y = torch.randint(0, 20, (203, 4), generator=g), torch.randint(0, 20, (203,), generator=g)
torch.manual_seed(0)
mlp = torch.nn.Sequential(torch.nn.Embedding(20, 8), torch.nn.Flatten(), torch.nn.Linear(32, 20))
hist = training.train(mlp, (x, y), (x[:50], y[:50]), epochs=2, batch_size=16, lr=1e-2, clip=1.0, quiet=True)

stream = torch.randint(0, 15, (800,), generator=g)
lm = rnn.RNNLM(15, 8, 12, 1, "lstm", seed=0)
lm_hist = training.train_lm(lm, stream, stream[:200], epochs=2, batch_size=4, bptt=7, lr=1.0, quiet=True)

bilm, log = elmo.train_bilm(
    corpus, valid=corpus[:4], dim=8, hidden=12, dropout=0.0, epochs=2, batch_size=5, lr=1e-2,
    encoder={"char_dim": 4, "filters": ((1, 4), (2, 4)), "highway": 1}, seed=0,
)  # fmt: skip

released = []  # the tensor's reference count once each collective has returned
await_release = distributed._await_release
distributed._await_release = lambda t: (await_release(t), released.append(t._use_count()))
for i in range(20):
    distributed.broadcast(float(i)), distributed.total(float(i))

if distributed.is_main():
    json.dump(
        {
            "mlp": [hist.train_loss, hist.valid_loss, sum(p.double().square().sum().item() for p in mlp.parameters())],
            "rnnlm": [lm_hist.train_loss, lm_hist.valid_loss],
            "bilm": [log.loss, log.valid],
            "processes": distributed.world_size(),
            "released": released,
        },
        sys.stdout,
    )
distributed.teardown()
