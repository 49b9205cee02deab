"""course_utils: the tested code behind the LM Foundations notebooks.

One module per idea (see ``../README.md`` and ``notebooks/00_start_here.ipynb``):

- :mod:`course_utils.data`     data-set registry, SHA-256-verified loading, the data cache
- :mod:`course_utils.text`     tokenisers, :class:`~course_utils.text.Vocab`, sentences <-> ids
- :mod:`course_utils.ngram`    n-gram counting and the language-model interface (notebook 01)
- :mod:`course_utils.notebook` seeds, stable number formatting, ``show_source``, environment check
- :mod:`course_utils.plotting`, :mod:`course_utils.widgets`, :mod:`course_utils.exercises`
- :mod:`course_utils.reproduce` full-scale experiments: ``python -m course_utils.reproduce``

This file imports nothing heavy on purpose: ``python -m course_utils lab|test`` must run on a bare
Python before numpy or torch are installed.
"""

__version__ = "0.1.0"
