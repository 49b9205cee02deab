"""Course tooling, not teaching code: what keeps the notebooks runnable, tested and published.

- :mod:`course_utils.tools.execute`      re-run notebooks and store clean outputs (``python -m course_utils execute``)
- :mod:`course_utils.tools.editions`     the exercise-only editions in ``notebooks/exercises/`` (``... editions``)
- :mod:`course_utils.tools.translations` the Chinese edition in ``notebooks/zh/``, from ``translations/zh/*.json``
- :mod:`course_utils.tools.site`         the static, readable HTML edition, offline: search, print (``... site``)
- :mod:`course_utils.tools.slides`       offline slide decks for the projector (``... slides``)
- :mod:`course_utils.tools.mathml`       TeX to MathML at build time, for the site and the slides
- :mod:`course_utils.tools.labcheck`     every notebook run in JupyterLab in headless Chromium (``... lab-check``)
- :mod:`course_utils.tools.distributed`  data parallelism for the ``reproduce`` runs under ``torchrun``

The launcher (``python -m course_utils``) imports each command's module only when that command runs.
"""
