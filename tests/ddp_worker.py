"""Trains small models with the course's training loop and prints a JSON summary.

Run alone (one process) or under ``torchrun --nproc_per_node 2`` by tests/test_distributed.py: the two
summaries must agree, since data parallelism is the same computation split differently.
"""

import json
import sys

import torch

from course_utils import elmo, rnn, training, transformer
from course_utils.tools import distributed

torch.set_num_threads(1)
distributed.setup()
corpus = [s.split() for s in ["the cat sat on the mat", "a dog saw the cat", "the dog ran far away", "a cat ran"]] * 9


def classify_loss(net, batch, state, reduction):
    x, y = batch
    return training.cross_entropy(net(x), y, reduction), None


g = torch.Generator().manual_seed(0)
x, y = torch.randint(0, 20, (203, 4), generator=g), torch.randint(0, 20, (203,), generator=g)
torch.manual_seed(0)
mlp = torch.nn.Sequential(torch.nn.Embedding(20, 8), torch.nn.Flatten(), torch.nn.Linear(32, 20))
hist = training.fit(
    mlp,
    training.ShuffledBatches(x, y, 16),
    classify_loss,
    training.TrainConfig(epochs=2, lr=1e-2, clip=1.0),
    valid=lambda m: training.mean_loss(m, x[:50], y[:50]),
)

stream = torch.randint(0, 15, (800,), generator=g)
lm = rnn.RNNLM(15, 8, 12, 1, "lstm", seed=0)
lm_hist = training.fit(
    lm,
    training.StreamBatches(stream, 4, 7),
    rnn.recurrent_loss,
    training.TrainConfig(epochs=2, lr=1.0, optimizer="sgd", clip=5.0),
    valid=lambda m: training.stream_loss(m, stream[:200], 7),
)

gpt = transformer.TransformerNet(15, dim=8, heads=2, layers=1, context=7, seed=0)
gpt_hist = training.fit(
    gpt,
    training.StreamBatches(stream, 4, 7),
    transformer.transformer_loss,
    training.TrainConfig(epochs=2, lr=1e-2, clip=1.0, warmup=5),
    valid=lambda m: training.stream_loss(m, stream[:200], 3),
)

bilm = elmo.BiLanguageModel(
    dim=8, hidden=12, dropout=0.0, epochs=2, batch_size=5, lr=1e-2,
    encoder={"char_dim": 4, "filters": ((1, 4), (2, 4)), "highway": 1}, seed=0,
).fit(corpus, valid=corpus[:4])  # fmt: skip
bilm_ppl = [bilm.forward_lm_.perplexity(corpus[:4]), bilm.backward_lm_.perplexity(corpus[:4])]

released = []  # the tensor's reference count once each collective has returned
await_release = distributed._await_release
distributed._await_release = lambda t: (await_release(t), released.append(t._use_count()))
for i in range(20):
    distributed.broadcast(float(i)), distributed.total(float(i))

if distributed.is_main():
    json.dump(
        {
            "mlp": [hist.train_loss, hist.valid_loss, sum(p.double().square().sum().item() for p in mlp.parameters())],
            "rnnlm": [
                lm_hist.train_loss,
                lm_hist.valid_loss,
                sum(p.double().square().sum().item() for p in lm.parameters()),
            ],
            "transformer": [
                gpt_hist.train_loss,
                gpt_hist.valid_loss,
                sum(p.double().square().sum().item() for p in gpt.parameters()),
            ],
            "bilm": [bilm.history_.train_loss, bilm.history_.valid_loss, bilm_ppl],
            "processes": distributed.world_size(),
            "released": released,
        },
        sys.stdout,
    )
distributed.teardown()
