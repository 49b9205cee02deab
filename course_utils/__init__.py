"""course_utils: the tested code behind the LM Foundations notebooks, read as the course's appendix.

Teaching code, one module per idea, in the order the course meets them:

- :mod:`course_utils.text`         tokenisers, sentence checks, :class:`~course_utils.text.Vocab` (one for every model)
- :mod:`course_utils.chinese`      the Chinese corpus (People's Daily 1998-01): tags, sentences, split, bits per 字
- :mod:`course_utils.lm`           the language-model interface every model implements; perplexity, computed once
- :mod:`course_utils.ngram`        n-gram counting, fixed-window models, MLE (notebook 01)
- :mod:`course_utils.smoothing`    add-k, Katz, stupid back-off, interpolation, Kneser-Ney, mixtures (notebook 02)
- :mod:`course_utils.training`     the one training loop of the neural models: batch sources, config, history
- :mod:`course_utils.nnlm`         Bengio's neural probabilistic language model (notebook 03)
- :mod:`course_utils.gradcheck`    honest comparisons, finite differences and autograd (notebook 04)
- :mod:`course_utils.backprop`     backpropagation by hand, a tiny autodiff engine, the NNLM by hand (notebook 04)
- :mod:`course_utils.rnn`          BPTT by hand, vanishing/exploding gradients, the recurrent LM (notebook 05)
- :mod:`course_utils.word2vec`     CBOW and skip-gram, negative sampling, the gensim peer (notebook 06)
- :mod:`course_utils.cooccurrence` co-occurrence counts, PPMI, SVD (notebook 07)
- :mod:`course_utils.glove`        GloVe (notebook 08)
- :mod:`course_utils.embeddings`   word vectors: neighbours, analogies and the shared evaluation (notebooks 06-09)
- :mod:`course_utils.elmo`         ELMo's biLM and its two directions as language models (notebook 09)
- :mod:`course_utils.probes`       what each ELMo layer knows: POS, sense and word-vector probes (notebook 09)
- :mod:`course_utils.stats`        bootstrap intervals of scores and of differences: which are real (06-09)
- :mod:`course_utils.transformer`  a Transformer LM from its equations; scaling fits; the induction task (notebook 10)
- :mod:`course_utils.ladder`       the history as one ladder of measured perplexities, from the records (notebook 10)
- :mod:`course_utils.timeline`     the LLM timeline as checkable data, beside the course's models (notebook 10)
- :mod:`course_utils.reference`    each model's key step as its equation reads, checked against the fast code (01-10)

Plumbing for the notebooks and the long runs:

- :mod:`course_utils.data`         the data-set registry, SHA-256-verified loading, the data cache
- :mod:`course_utils.notebook`     seeds, stable number formatting, ``show_source``, the environment check
- :mod:`course_utils.plotting`     figure style (projector-legible, colour-blind safe), shared plots, diagrams
- :mod:`course_utils.sessions`     a 90-minute session plan per notebook, and each notebook's reading load
- :mod:`course_utils.widgets`      the explorers: a tested text function plus a thin widget each
- :mod:`course_utils.exercises`    the exercises' checkers, one module per chapter
- :mod:`course_utils.syllabus`     the course map and the bilingual glossary
- :mod:`course_utils.i18n`         printed messages in English and Chinese, one catalogue (``COURSE_LANG``)
- :mod:`course_utils.reproduce`    full-scale experiments, one module per chapter: ``python -m course_utils.reproduce``
- :mod:`course_utils.paths`        where the repository, its notebooks and its data folder are
- :mod:`course_utils.offline`      a socket guard: the unit tests and the nbval kernels run with the network blocked
- :mod:`course_utils.tools`        ``execute``, ``editions``, ``site``, ``slides``, ``labcheck``, ``distributed``

This file imports nothing heavy on purpose: ``python -m course_utils lab|test`` must run on a bare
Python before numpy or torch are installed.
"""

__version__ = "0.1.0"
