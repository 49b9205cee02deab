"""Session plans: how a study group covers one notebook in 90 minutes (one laptop, a projector).

Two halves. :func:`reading_load` measures a notebook: words of prose to read aloud (English words and
Chinese characters, 字, counted apart), cells, stored figures, explorers and the stored run time, and turns
them into an estimate of minutes (:data:`WORDS_PER_MINUTE`, :data:`CJK_PER_MINUTE`). :data:`PLANS` holds one
:class:`SessionPlan` per notebook 01-10 as data: ordered :class:`Step` s that sum to 90 minutes, the
discussion stops with their answers, and the sections left for home reading (``homework``) where the reading
load exceeds what a session can read aloud. :func:`session_plan_markdown` renders a plan for a notebook's
header, :func:`session_overview_markdown` one table for notebook 00; ``python -m course_utils.sessions``
prints the reading-load table. ``tests/test_sessions.py`` checks that every plan sums to 90 minutes, names
only cells that exist, and fits (:func:`live_minutes`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .i18n import N_, tr
from .paths import NOTEBOOK_DIR, course_notebooks

#: minutes per session (the course's study-group format: 90 minutes per notebook)
SESSION_MINUTES = 90
#: read-aloud speed of English prose. Audiobook narration and presentations run at about 150-160 words per
#: minute; technical text read by a group that is mostly not English-native runs slower, so the course
#: assumes 130, the low end of typical read-aloud speeds.
WORDS_PER_MINUTE = 130
#: read-aloud speed of Chinese: news broadcasts (CCTV 新闻联播) run at about 250-300 字 per minute and
#: ordinary read-aloud at about 200-250; the course assumes 250.
CJK_PER_MINUTE = 250

#: minutes to look at one cell's output after running it live (a printed table, a figure): half a minute
OUTPUT_MINUTES = 0.5
#: minutes of a session kept for the exercises (notebook 00: "leave the last 20 minutes for the exercises")
#: and at least two discussion stops of five minutes
RESERVED_MINUTES = 30

#: kinds of step: read aloud, run cells live, stop and discuss, play with an explorer, do the exercises, pause
KINDS = ("read", "run", "discuss", "explore", "exercise", "break")
#: the kinds whose minutes pay for reading the prose aloud and running the cells (see :func:`live_minutes`)
LIVE_KINDS = ("read", "run")

#: an English word or a number (``n-gram``, ``don't``, ``3.14``, ``5,000`` count once)
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+|,\d{3}(?!\d))*")
#: one Chinese character (CJK unified ideographs and extension A; punctuation is not counted)
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: a code cell that shows an explorer: a ``widgets.*_explorer(`` call (or notebook 04's ``backprop_stepper(``,
#: a slider over the steps of one backward pass) or ipywidgets' ``interact``
EXPLORER_CALL = re.compile(r"\b\w*_(?:explorer|stepper)\(|\binteract(?:ive)?\s*\(")
#: headings of what is not read aloud in a session: the glossary (术语) and further reading (延伸阅读)
NOT_READ_HEADING = re.compile(r"术语|延伸阅读|further reading", re.I)
#: markup that is not read aloud: fenced code, display and inline math, HTML tags, link targets, images
_MARKUP = [
    re.compile(r"```.*?```", re.S),
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"(?<!\\)\$[^$\n]+\$"),
    re.compile(r"!\[[^\]]*\]\([^)]*\)"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"<[^>]+>"),
    re.compile(r"https?://\S+"),
]
HEADING = re.compile(r"^## +(.+?)\s*$", re.M)
#: the part of the notebook before its first ``##`` heading (title and header table)
HEADER = "header"


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def prose(markdown: str) -> str:
    """The part of a markdown cell that is read aloud: without code blocks, math, HTML tags and link targets."""
    for pattern in _MARKUP:
        markdown = pattern.sub(" ", markdown)
    return markdown


def count_words(markdown: str) -> tuple[int, int]:
    """(English words and numbers, Chinese characters) read aloud in ``markdown`` (see :func:`prose`)."""
    text = prose(markdown)
    return len(LATIN_WORD.findall(text)), len(CJK_CHAR.findall(text))


def read_aloud_minutes(words: int, cjk: int) -> float:
    """Minutes to read ``words`` English words and ``cjk`` 字 aloud at :data:`WORDS_PER_MINUTE` and
    :data:`CJK_PER_MINUTE`."""
    return words / WORDS_PER_MINUTE + cjk / CJK_PER_MINUTE


def section_key(heading: str) -> str:
    """How a plan names the section under a ``##`` heading: ``"§5"`` for ``## 5 ...``, else the heading's
    Chinese part (``"中文导读"``, ``"勘误"``, ``"小结"``)."""
    number = re.match(r"(\d+(?:\.\d+)*)\s", heading + " ")
    if number:
        return f"§{number.group(1)}"
    return heading.split(" · ")[0].strip()


@dataclass(frozen=True)
class Cell:
    """One cell as the session sees it: its id, type, section, words read aloud and whether it is read."""

    id: str
    type: str
    section: str
    words: int
    cjk: int
    read_aloud: bool
    figures: int
    explorer: bool
    hidden: bool = False  # Colab's set-up cell or a reference solution: never run in a session


def _path(notebook: str | int | Path) -> Path:
    """A notebook by number (``3``, ``"03"``), file name or path."""
    if isinstance(notebook, Path) or (isinstance(notebook, str) and notebook.endswith(".ipynb")):
        path = Path(notebook)
        return path if path.exists() or path.is_absolute() else NOTEBOOK_DIR / path
    number = f"{int(notebook):02d}"
    found = [p for p in course_notebooks() if p.name.startswith(number + "_")]
    if len(found) != 1:
        raise FileNotFoundError(f"no course notebook numbered {number} in {NOTEBOOK_DIR}")
    return found[0]


def cells(notebook: str | int | Path) -> list[Cell]:
    """Every cell of a notebook with its section and read-aloud words.

    A cell is not read aloud when it is code, Colab's set-up cell (id ``colab-setup`` or tag ``colab``), a
    reference solution (tag ``solution``), or lies in a section whose heading names the glossary (术语) or
    further reading (延伸阅读, :data:`NOT_READ_HEADING`).
    """
    nb = json.loads(_path(notebook).read_text(encoding="utf-8"))
    out, section, skip_section = [], HEADER, False
    for i, cell in enumerate(nb["cells"]):
        src = _source(cell)
        kind = cell["cell_type"]
        if kind == "markdown":
            heading = HEADING.search(src)
            if heading:
                section = section_key(heading.group(1))
                skip_section = bool(NOT_READ_HEADING.search(heading.group(1)))
        tags = _tags(cell)
        cell_id = cell.get("id", f"cell-{i}")
        read = kind == "markdown" and not skip_section and cell_id != "colab-setup"
        read = read and not {"solution", "colab"} & set(tags)
        words, cjk = count_words(src) if read else (0, 0)
        figures = sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        explorer = kind == "code" and bool(EXPLORER_CALL.search(src))
        hidden = cell_id == "colab-setup" or bool({"solution", "colab"} & set(tags))
        out.append(Cell(cell_id, kind, section, words, cjk, read, figures, explorer, hidden))
    return out


def run_seconds(name: str) -> float | None:
    """The stored run time of a notebook (``notebooks/run_times.json``, measured by ``course_utils execute``)."""
    path = NOTEBOOK_DIR / "run_times.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("notebooks", {}).get(name)


@dataclass(frozen=True)
class Load:
    """What a session has to get through in one notebook (:func:`reading_load`)."""

    notebook: str
    words: int  # English words and numbers read aloud
    cjk: int  # Chinese characters (字) read aloud
    markdown_cells: int  # cells are counted without Colab's set-up cell and the reference solutions
    code_cells: int
    figures: int  # stored image/png outputs
    explorers: int  # cells that show an explorer
    run_s: float | None  # stored run time of all cells (notebooks/run_times.json)

    @property
    def read_minutes(self) -> float:
        """Minutes to read the prose aloud (:func:`read_aloud_minutes`)."""
        return read_aloud_minutes(self.words, self.cjk)

    @property
    def minutes(self) -> float:
        """Read-aloud minutes plus the stored run time."""
        return self.read_minutes + (self.run_s or 0.0) / 60

    @property
    def session_minutes(self) -> float:
        """:attr:`minutes` plus :data:`OUTPUT_MINUTES` per code cell: reading everything aloud, running every
        cell and looking at every output."""
        return self.minutes + OUTPUT_MINUTES * self.code_cells

    @property
    def fits(self) -> bool:
        """Whether all of the notebook, read aloud and run cell by cell (:attr:`session_minutes`), leaves
        :data:`RESERVED_MINUTES` of the session for the exercises and the discussions."""
        return self.session_minutes <= SESSION_MINUTES - RESERVED_MINUTES


def reading_load(notebook: str | int | Path) -> Load:
    """Measure a notebook (by number, file name or path): see :class:`Load` and :func:`cells`."""
    path = _path(notebook)
    all_cells = cells(path)
    return Load(
        notebook=path.name,
        words=sum(c.words for c in all_cells),
        cjk=sum(c.cjk for c in all_cells),
        markdown_cells=sum(c.type == "markdown" and not c.hidden for c in all_cells),
        code_cells=sum(c.type == "code" and not c.hidden for c in all_cells),
        figures=sum(c.figures for c in all_cells),
        explorers=sum(c.explorer for c in all_cells),
        run_s=run_seconds(path.name),
    )


def section_minutes(notebook: str | int | Path) -> dict[str, float]:
    """Read-aloud minutes of each section, in notebook order (sections not read aloud are left out)."""
    out: dict[str, float] = {}
    for c in cells(notebook):
        if c.read_aloud:
            out[c.section] = out.get(c.section, 0.0) + read_aloud_minutes(c.words, c.cjk)
    return out


def section_headings(notebook: str | int | Path) -> dict[str, str]:
    """Each ``##`` section's key (:func:`section_key`) and its heading text, in notebook order."""
    nb = json.loads(_path(notebook).read_text(encoding="utf-8"))
    out = {HEADER: ""}
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for heading in HEADING.findall(_source(cell)):
                out[section_key(heading)] = heading
    return out


#: a section whose heading names the exercises (练习) is read during the ``exercise`` steps
EXERCISE_HEADING = re.compile(r"练习|exercises", re.I)


# ---------------------------------------------------------------------------------------------------------------
# the plans


@dataclass(frozen=True)
class Step:
    """One step of a session: ``minutes`` of one :data:`KINDS`, over ``sections`` (``"§5"``, ``"中文导读"``),
    running ``cells`` (existing cell ids) live, with a one-line ``text`` for whoever drives the laptop."""

    minutes: int
    kind: str
    sections: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Discussion:
    """A stop to discuss: a question the notebook's own text or numbers answer, and that answer."""

    section: str
    question: str
    answer: str


@dataclass(frozen=True)
class SessionPlan:
    """A 90-minute session over one notebook: ordered steps, discussion stops and what is left for home."""

    notebook: str  # "01" .. "10"
    steps: tuple[Step, ...]
    discussions: tuple[Discussion, ...]
    homework: tuple[str, ...] = ()  # sections read at home, not in the session
    note: str = ""

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    def minutes_of(self, *kinds: str) -> int:
        return sum(s.minutes for s in self.steps if s.kind in kinds)

    @property
    def live_cells(self) -> tuple[str, ...]:
        """The cells run live in the ``read`` and ``run`` steps."""
        return tuple(c for s in self.steps if s.kind in LIVE_KINDS for c in s.cells)


def _s(minutes, kind, sections="", cells="", text=""):
    """A :class:`Step` from space-separated sections and cell ids (keeps :data:`PLANS` readable)."""
    return Step(minutes, kind, tuple(sections.split()), tuple(cells.split()), text)


D = Discussion
_INTRO = "header 中文导读 学习目标"
_CLOSE = "勘误 小结"
PLANS: dict[str, SessionPlan] = {}


def _plan(number: str, steps, discussions, homework=(), note=""):
    PLANS[number] = SessionPlan(number, tuple(steps), tuple(discussions), tuple(homework), note)


_plan(
    "01",
    [
        _s(4, "read", _INTRO, "", N_("Read the 中文导读 aloud; everyone names one learning goal.")),
        _s(
            8,
            "run",
            "§1 §2",
            "a7130bd0 a4660595 597a5e88",
            N_("Chain rule (1.1): compute p(I am fine) = 0.1 by hand, then run."),
        ),
        _s(5, "discuss", "§2", "", N_("Discussion 1: why is 'you are happy' impossible?")),
        _s(
            7,
            "run",
            "§3 §4",
            "64d1a031 0e6ad4fe 311a030a 93647569",
            N_("MLE (1.3); guess what follows 宝 and 黛 before running."),
        ),
        _s(
            8,
            "run",
            "§5 §6 §7",
            "997be263 5ede9f5e ef5f0e4b 4979753b 13b178ce",
            N_("PTB: Zipf figure, underflow, 困惑度 table; look at the unseen-n-gram bar chart."),
        ),
        _s(6, "discuss", "§7", "", N_("Discussion 2: train perplexity 68, validation ∞.")),
        _s(5, "break"),
        _s(5, "run", "§8", "2aaf10bb 25770f48", N_("Sampling: read the samples aloud; which are training sentences?")),
        _s(5, "discuss", "§8", "", N_("Discussion 3: 19 of 40 5-gram samples are copies.")),
        _s(
            7,
            "run",
            "§9",
            "b1c0a902 b1c0a904 b1c0a908",
            N_("中文的“词”: words vs 字; look at the two Zipf curves, then bits per character."),
        ),
        _s(5, "discuss", "§9", "", N_("Discussion 4: is the character model better?")),
        _s(
            7,
            "explore",
            "§10",
            "fe3e116b",
            N_("Next-word explorer: 'the stock', 'interest rates', then a context never seen."),
        ),
        _s(
            15,
            "exercise",
            "§11",
            "dac9b19b 84fd2a2f 999bde39",
            N_("One types, the group argues, the checker decides; answers of 'Think about it' last."),
        ),
        _s(3, "read", _CLOSE, "", N_("勘误 and 小结 aloud; glossary and further reading at home.")),
    ],
    [
        D(
            "§2",
            N_(
                "Every word of 'you are happy' occurs in the toy corpus. Why does the bigram model give it probability "
                "0, while 'you are fine thank you', which is not in the corpus either, gets 0.0042?"
            ),
            N_(
                "MLE gives an unseen bigram probability 0: 'are' is followed only by 'fine' in the ten sentences, so "
                "p(happy | are) = 0 and the product is 0. 'you are fine thank you' is new as a sentence, but each of "
                "its bigrams was seen, so every factor is above 0."
            ),
        ),
        D(
            "§7",
            N_(
                "The bigram's training perplexity is 68.0 but its validation perplexity is infinite; the unigram's is "
                "a finite 687. Why?"
            ),
            N_(
                "15,108 of the 73,760 validation tokens get p = 0: about one validation bigram in five (20.5 %) never "
                "occurs in training, and one ln 0 = −∞ makes the average infinite. The unigram stays finite only "
                "because PTB's vocabulary is closed (every validation word, <unk> included, occurs in training). Low "
                "training perplexity measures memory, not generalisation."
            ),
        ),
        D(
            "§8",
            N_(
                "19 of 40 samples of the 5-gram model are whole training sentences, against 1 of 40 for the trigram. "
                "What does that predict for the 5-gram on new text?"
            ),
            N_(
                "95.8 % of the distinct 5-grams are seen once, so most 4-word histories have a single continuation and "
                "the model replays its training text. On validation text 82.6 % of the 5-grams are new, MLE gives them "
                "0, and the perplexity is infinite: memorising is not modelling (notebook 02 fixes it)."
            ),
        ),
        D(
            "§9",
            N_(
                "On People's Daily the word 5-gram has perplexity 173.9 and the character 5-gram 60.8. Is the "
                "character model three times better?"
            ),
            N_(
                "Not comparable: perplexity is per prediction, and a word is 1.64 字 on average. Per character the "
                "character model still wins, 5.926 against 6.668 bits per character, mostly because the word model "
                "pays 2.020 bits per character to spell out its 10.4 % unknown tokens."
            ),
        ),
    ],
)

_plan(
    "02",
    [
        _s(4, "read", _INTRO + " §1", "db70953c", N_("Recall notebook 01: 20.5 % unseen bigrams, perplexity ∞.")),
        _s(7, "run", "§2", "c17815af 008c054e", N_("加一平滑 (2.1): guess the best k before running the k table.")),
        _s(6, "discuss", "§2", "", N_("Discussion 1: why is add-one worse than no context at all?")),
        _s(
            7,
            "run",
            "§3",
            "f2b7d6e3 13b0ef96",
            N_("回退: Good-Turing discounts; stupid back-off's scores sum to 1.168."),
        ),
        _s(5, "run", "§4", "b055a035", N_("插值: write the one-line proof on the board, then the numeric check.")),
        _s(5, "discuss", "§4", "", N_("Discussion 2: the trigram's small weight.")),
        _s(5, "break"),
        _s(7, "run", "§5", "57044ba6 17b4c028", N_("Kneser-Ney: kong occurs 129 times but after one word only.")),
        _s(
            5,
            "run",
            "§6",
            "758da136 080d3fdc 215f2c85",
            N_("The PTB table (15 s); look at the figure: 141.2 reproduced."),
        ),
        _s(6, "discuss", "§5 §6", "", N_("Discussion 3: Kong and York.")),
        _s(4, "run", "§7", "c08c0e55", N_("How much probability goes to unseen words? Compare with 20.5 %.")),
        _s(
            6,
            "explore",
            "§8",
            "36e17a25",
            N_("Sliders: move D from 0.5 to 0.9, λ₃ from 0.1 to 0.6; find each optimum."),
        ),
        _s(5, "run", "§9", "c7a1e002 c7a1e005", N_("中文上的平滑: 泽民 and 础 have continuation count 5 and 1.")),
        _s(5, "discuss", "§9", "", N_("Discussion 4: why KN gains most on 字.")),
        _s(
            10,
            "exercise",
            "§10",
            "56f9ca94 9f2d4f5b",
            N_("add-k and one step of absolute discounting; the checker decides."),
        ),
        _s(3, "read", _CLOSE, "", N_("勘误 and 小结 aloud.")),
    ],
    [
        D(
            "§2",
            N_(
                "The add-one bigram's validation perplexity (854.5) is worse than the unigram's (687.0), and add-one "
                "gets worse with every order (6,580 test perplexity at n = 5). Why?"
            ),
            N_(
                "Add-one invents |V| = 10,000 counts for every history: a history seen 10 times gets 10 real counts "
                "and 10,000 invented ones. The longer the history, the rarer it is, so its real counts drown in k|V|. "
                "Section 7 measures it: add-one gives unseen next words 67.8 % of the probability, while only 20.5 % "
                "of validation bigrams are unseen."
            ),
        ),
        D(
            "§4",
            N_(
                "EM gives the trigram the weight 0.320, smaller than the bigram's 0.599. Why would held-out text "
                "prefer the shorter history?"
            ),
            N_(
                "EM maximises the probability of held-out text. Many validation trigrams were never seen, or their "
                "history only once or twice, so the trigram estimate is often 0 or far off; a large trigram weight is "
                "paid for on every such word. The bigram is right more often on new text, so it earns the larger share."
            ),
        ),
        D(
            "§5",
            N_(
                "Kong occurs 129 times in PTB, York 961, said 6,027. Why does Kneser-Ney rate Kong far below York and "
                "said after a history it has never seen?"
            ),
            N_(
                "Kneser-Ney's lower orders use continuation counts N1+(· w), the number of different words seen before "
                "w: 1 for kong (always after hong), 9 for york, 1,377 for said. After an unseen history the question "
                "is how likely w is to follow a new word, and Kong never does. That idea makes KN the best method at "
                "every order above 1, and modified KN's 5-gram reaches the published 141.2."
            ),
        ),
        D(
            "§9",
            N_(
                "Modified KN beats Katz by 13.0 % on People's Daily words but by 21.8 % on its characters. Why is the "
                "gain larger on 字?"
            ),
            N_(
                "Characters such as 础 (535 times, always after 基, continuation count 1) and 央 occur often but only "
                "inside a few compounds: exactly the case continuation counts are for. A unigram would rate them "
                "likely after any unseen history; Kneser-Ney knows they need their partner."
            ),
        ),
    ],
)

_plan(
    "03",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: symbols vs vectors (词向量).")),
        _s(7, "read", "§1", "", N_("Write eq. (3.1) on the board; name C, H, d, U, W, b.")),
        _s(
            8,
            "run",
            "§2",
            "f7626da7 484a45a7 f1ade6ba e6c19097",
            N_("The notes' toy: follow the shapes (4, 2, 2) → (4, 16)."),
        ),
        _s(6, "discuss", "§2", "", N_("Discussion 1: what did the toy learn?")),
        _s(
            8,
            "run",
            "§3",
            "4e5eff4e 21216c74 b5598a84",
            N_("Train on a sixteenth of PTB (about half a minute); look at the curves."),
        ),
        _s(5, "break"),
        _s(
            6,
            "run",
            "§4",
            "e9ffb8ce 98d586e7",
            N_("Nearest neighbours; on the PCA figure find the pronouns and million/billion."),
        ),
        _s(6, "discuss", "§4", "", N_("Discussion 2: noise among all words, structure among frequent ones.")),
        _s(
            7,
            "run",
            "§5",
            "41a6e65c d1ea913d 4c8d1e20",
            N_("混合 (mixture) with Kneser-Ney; then the full-size record."),
        ),
        _s(7, "discuss", "§5", "", N_("Discussion 3: how can a worse model help?")),
        _s(4, "run", "§6", "e3a0c002", N_("中文上的 NNLM: the mixture gains 19 % on People's Daily.")),
        _s(17, "exercise", "§7", "52569812", N_("parameter_count, then 'Think about it' (1) with the numbers of §5.")),
        _s(5, "read", _CLOSE, "", N_("勘误 aloud: batch 4 not 2, n_step = n − 1, NNLP → NNLM.")),
    ],
    [
        D(
            "§2",
            N_(
                "After 5,000 epochs the toy's loss is 0.0002 and it predicts the last word of every sentence. Has it "
                "learned that milk and coffee are alike?"
            ),
            N_(
                "No. Seven sentences, each with a different context, and 322 parameters: it can only memorise. Sharing "
                "statistics between similar words needs words that occur in similar contexts, which the toy does not "
                "have (errata 4); the PTB sections show it."
            ),
        ),
        D(
            "§4",
            N_(
                "Among all 10,000 words monday's neighbours are <unk>, salomon, orkem…; among the 500 most frequent, "
                "million finds billion. Why the difference?"
            ),
            N_(
                "Two epochs on 59,000 tokens: a rare word's vector is updated only the few times it occurs, so it "
                "stays near its random start, and such vectors crowd every list. Frequent words got enough updates for "
                "structure to show. Good neighbours across the vocabulary need much more text per word (notebook 06)."
            ),
        ),
        D(
            "§5",
            N_(
                "The small NNLM alone has test perplexity 513, more than three times Kneser-Ney's 151, yet mixing it "
                "in with weight 0.12 lowers Kneser-Ney to 149. How can a worse model help?"
            ),
            N_(
                "The two make different mistakes: the n-gram model knows exact frequent phrases, the NNLM generalises "
                "through similar word vectors where the n-gram has no evidence. The mixture is still a distribution "
                "(notebook 02's proof), with λ fitted by EM on validation text. At full size the mixture reaches 125.6 "
                "against KN's 141.2."
            ),
        ),
    ],
)

_plan(
    "04",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: the notes' four steps of BP.")),
        _s(5, "run", "§1", "e6ecc786", N_("Sigmoid (4.1)–(4.2): look at the derivative's peak, 1/4.")),
        _s(6, "run", "§2", "1e451fe8", N_("Forward pass: compute net_y1 = 0.755 by hand first.")),
        _s(5, "read", "§3 §4", "", N_("Derive δ^o (4.5) and δ^y (4.7) on the board, 误差反向传播.")),
        _s(7, "explore", "§4", "6afcf7a7", N_("Stepper: walk lines 1–11; set η = 1, then 5: does E still fall?")),
        _s(6, "discuss", "§1 §4", "", N_("Discussion 1: the factor 1/4.")),
        _s(
            6, "run", "§5", "8bce3775 fa1aa9ba", N_("梯度检验: finite differences, then autograd, on the same numbers.")
        ),
        _s(5, "break"),
        _s(6, "run", "§6", "24cc4ad9 690e962f", N_("Two classic bugs: which rows fail?")),
        _s(6, "discuss", "§6", "", N_("Discussion 2: where the check points.")),
        _s(5, "run", "§7", "b7f1acdc b85bcaea d25d0660", N_("XOR, then spirals: look at the three decision regions.")),
        _s(5, "run", "§8", "c888e7b0 e0267aea", N_("计算图: the tiny engine's table and graph.")),
        _s(5, "discuss", "§8", "", N_("Discussion 3: a number seen before.")),
        _s(4, "run", "§9", "345af349", N_("NNLM backward by hand vs torch: all match.")),
        _s(13, "exercise", "§10", "f54574dc", N_("output_delta and hidden_delta: derive on paper first.")),
        _s(2, "read", _CLOSE, "", N_("勘误 and 小结 aloud.")),
    ],
    [
        D(
            "§1",
            N_(
                "σ'(z) is at most 1/4. What happens to an error signal that passes back through ten sigmoid layers "
                "with weights of about 1?"
            ),
            N_(
                "Each layer multiplies it by σ' ≤ 1/4 (times the weights), so after ten layers at most (1/4)^10 ≈ 10⁻⁶ "
                "is left: the gradient vanishes. Notebook 05 measures the same geometric decay in RNNs."
            ),
        ),
        D(
            "§6",
            N_(
                "With either bug, V and b_y fail the check while W and b_o pass. Why, and what does np.allclose say "
                "about a [1, 64] gradient against a [64] one?"
            ),
            N_(
                "Both bugs live in δ^y, the hidden layer's error, so only the hidden layer's gradients are wrong: "
                "the table says where to look. np.allclose broadcasts the shapes and says True; the course's checker "
                "compares shape and dtype first and refuses."
            ),
        ),
        D(
            "§8",
            N_("The tiny engine gives w1 the gradient 0.0277. Where did this number appear before?"),
            N_(
                "In the stepper's line 7, ∂E/∂W = [[0.0277], [0.027]]: eq. (4.6) for w11. The engine, which only "
                "applies the chain rule (4.12) backwards over the graph, and the hand derivation agree."
            ),
        ),
    ],
)

_plan(
    "05",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: RNN, 梯度消失与梯度爆炸.")),
        _s(
            6, "run", "§1 §2", "3cd94611 4b2285c4", N_("Eq. (5.1) equals torch.nn.RNN; BPTT passes the gradient check.")
        ),
        _s(5, "read", "§3", "", N_("Eq. (5.5) on the board: a product of T − t Jacobians.")),
        _s(3, "run", "§3", "78059300", N_("Measured rate vs ρ: 0.8 … 1.2, and ρ = 1.2 with inputs of size 1.")),
        _s(7, "explore", "§3", "8468a287", N_("Move ρ over 0.9, 1.0, 1.1; then input size 0.1 → 1: watch the slope.")),
        _s(6, "discuss", "§3", "", N_("Discussion 1: ρ = 1.2 that vanishes.")),
        _s(5, "run", "§4", "7b431394 1b070993", N_("RNN h vs LSTM c: forget-gate bias 0, 1, 3.")),
        _s(5, "break"),
        _s(6, "run", "§5", "6b7e565d 15d7aae2 78d40370", N_("梯度裁剪: the two training curves; truncated BPTT.")),
        _s(6, "discuss", "§5", "", N_("Discussion 2: larger gradients, yet it converges.")),
        _s(5, "run", "§6", "93b37181 3a9c8161", N_("Remember the first token: lengths 5, 10, 20, 40.")),
        _s(5, "discuss", "§6", "", N_("Discussion 3: what the gate buys.")),
        _s(
            7,
            "run",
            "§7",
            "fc6780d9 d710b675 996304ce 43539fbf 9b4c6d75",
            N_("PTB: RNN 100, LSTM 84, KN 71; then the full-size records."),
        ),
        _s(3, "run", "§8", "e5a0c002", N_("中文: one table of perplexities, read per 字.")),
        _s(14, "exercise", "§9", "9562ada8", N_("bptt_step and clip_global.")),
        _s(3, "read", _CLOSE, "", N_("勘误 and 小结 aloud.")),
    ],
    [
        D(
            "§3",
            N_(
                "With ρ = 1.2 and inputs of size 1 the measured rate is 0.74: the gradient vanishes although σ_max > "
                "1. Why?"
            ),
            N_(
                "Large inputs saturate tanh, so 1 − h² < 1 and the bound's γ is well below 1; the product "
                "σ_max·γ falls below 1. σ_max > 1/γ is necessary for explosion, not sufficient (Pascanu et al.)."
            ),
        ),
        D(
            "§5",
            N_(
                "The clipped run meets even larger gradients (norm 20 against 8) yet ends with loss 0.00, while the "
                "unclipped run ends at 3.70. How?"
            ),
            N_(
                "Clipping keeps the direction and caps the step at η·c = 2. Without it a few huge steps throw W_hh off "
                "a cliff: its largest singular value grows from 1.2 to 16.1, every unit saturates. Clipping makes "
                "steps safe, not gradients small, and cannot lengthen a vanishing one."
            ),
        ),
        D(
            "§6",
            N_(
                "At length 10 the RNN is at 0.50 and the LSTM at 1.00; at length 40 both are at chance (0.27). What "
                "does the LSTM's gate buy?"
            ),
            N_(
                "A path along the cell state c_t whose decay the network controls: one step back multiplies the "
                "gradient by the forget gate f_t, so keeping f_t near 1 lets the error travel far (the course starts "
                "every LSTM with its forget gate open, bias 1). Gating slows the decay, it does not abolish it: with "
                "the same 600-step budget, length 40 is too far."
            ),
        ),
    ],
)

_plan(
    "06",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: 词义 = 背景单词的语义.")),
        _s(4, "read", "§1", "3f35cc34", N_("One-hot cosines are 0: cat is as far from dog as from inflation.")),
        _s(
            5,
            "run",
            "§2",
            "d3c32c2b 99b4dc81",
            N_("Simple CBOW: [2,1,3]·[1,2,1] = 7; then the full softmax on 1,445 words."),
        ),
        _s(4, "read", "§3", "", N_("负采样 (6.5) and its gradient (6.8): prediction minus label.")),
        _s(5, "explore", "§3", "151d0935", N_("Noise slider: power 0, 0.75, 1; watch 'the' and the rarest words.")),
        _s(5, "discuss", "§3", "", N_("Discussion 1: why the power 0.75?")),
        _s(4, "run", "§4", "efe570c5", N_("下采样: 'the' is kept 15 % of the time.")),
        _s(5, "run", "§5", "6c540500 42d6336e 92235bc8", N_("One epoch each, ours beside gensim.")),
        _s(5, "break"),
        _s(
            5,
            "run",
            "§6",
            "7bfa5099 34cbf11a aa0ae595",
            N_("Neighbours, the PCA figure, then the scores and their coverage."),
        ),
        _s(6, "explore", "§6", "56964dc9", N_("Try 'monday', 'president', then 'monday : tuesday :: friday'.")),
        _s(6, "discuss", "§6", "", N_("Discussion 2: analogies below 1 %.")),
        _s(
            4, "run", "§7", "56d4fa1e 4d05c774", N_("CBOW or skip-gram: the record with three seeds; words per second.")
        ),
        _s(6, "discuss", "§7", "", N_("Discussion 3: does the notes' claim hold?")),
        _s(5, "run", "§8", "e6a0c002 e6a0c004", N_("中文词向量: 北京's neighbours; the three analogies.")),
        _s(4, "explore", "§8", "e6a0c007", N_("Try '北京 : 中国 :: 东京', then '春节' and '香港'.")),
        _s(10, "exercise", "§9", "7f0579fe", N_("ns_grad_h and keep_prob.")),
        _s(3, "read", _CLOSE, "", N_("勘误 aloud: Mikolov's advice is the opposite of the notes.")),
    ],
    [
        D(
            "§3",
            N_(
                "With power 0.75, 'the' is 5.7 % of the text but only 1.8 % of the noise, and the rarest words go from "
                "1.1e-06 to 5.3e-06. Why flatten the distribution?"
            ),
            N_(
                "Drawn by raw frequency, the noise words would almost always be the, <unk>, N, of, and most output "
                "vectors would rarely be pushed away from anything. The power 0.75 draws frequent words less and rare "
                "words more often than their share, so more words get negative updates."
            ),
        ),
        D(
            "§6",
            N_(
                "After one epoch the analogy accuracy is below 1 % and only 23.4 % of the questions are covered. Is "
                "the implementation broken?"
            ),
            N_(
                "No: gensim with the same settings scores the same (3CosAdd 0.006 for both skip-grams). One epoch on "
                "0.9M words is far too little, and PTB's 10,000 lower-cased words with numbers as N cover only 23.4 % "
                "of the questions. Section 7 compares properly: five epochs, three seeds."
            ),
        ),
        D(
            "§7",
            N_("The notes say CBOW suits small data and skip-gram large corpora. What does the measurement say?"),
            N_(
                "On all of PTB CBOW is ahead on WS-353 and analogies for both implementations; on an eighth of PTB "
                "every difference is within the seeds' spread, so nothing is decided. CBOW is also about 2.6 times "
                "faster (392,819 against 149,686 words/s): one example per centre word against one per pair. Mikolov's "
                "own advice says nearly the opposite of the notes (errata)."
            ),
        ),
    ],
)

_plan(
    "07",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: 计数 vs 预测.")),
        _s(
            9,
            "run",
            "§1",
            "6467a3e4 ceb3a6ab",
            N_("共现矩阵: the notes' three sentences; which windows give I–cat = 1?"),
        ),
        _s(
            6,
            "run",
            "§2",
            "b5977419 c73483bd",
            N_("SVD (7.5): the error equals the dropped σ; on the plot eat and fish sit together."),
        ),
        _s(5, "run", "§3", "0f54bcda 6fbc261d", N_("PTB: 98 % zeros; money's contexts by raw count.")),
        _s(5, "run", "§4", "f9325325", N_("PPMI (7.2): money's contexts again.")),
        _s(6, "discuss", "§4", "", N_("Discussion 1: the, <unk>, to vs laundering.")),
        _s(5, "break"),
        _s(5, "run", "§5", "63aa249b e56ab8e1", N_("Truncated SVD of PPMI: neighbours and the spectrum figure.")),
        _s(5, "run", "§6", "63c8e9aa ece27c38 c7e53ca6", N_("The cubic cost: the log-log timing figure.")),
        _s(5, "discuss", "§6", "", N_("Discussion 2: O(n³) in 3 seconds?")),
        _s(5, "run", "§7", "707d652a 0fbd73ba", N_("The shared evaluation: weighting, rank, p.")),
        _s(
            6,
            "explore",
            "§7",
            "ade6712d",
            N_("Window 2 vs 5, raw vs ppmi, rank 10 vs 100; query 'money', then 'monday'."),
        ),
        _s(3, "run", "§8", "e7a0c002", N_("中文上的计数: PPMI-SVD vs word2vec on wordsim-240.")),
        _s(5, "discuss", "§8", "", N_("Discussion 3: counting wins on small corpora.")),
        _s(13, "exercise", "§9", "b718a25e", N_("ppmi and rank_k_error.")),
        _s(3, "read", _CLOSE, "", N_("勘误 and 小结 aloud.")),
    ],
    [
        D(
            "§4",
            N_(
                "By raw count money's top contexts are the, <unk>, to, of; by PPMI laundering, managers, lent. What "
                "changed?"
            ),
            N_(
                "PMI (7.2) divides a pair's probability by what independence would give, P(i)P(j). The most frequent "
                "words co-occur with everything by chance, so they score near or below 0 and PPMI clips them (it keeps "
                "1,588,845 of the 1,893,185 non-zeros); pairs seen more often than chance remain."
            ),
        ),
        D(
            "§6",
            N_("The notes warn that an SVD costs O(n³), yet the truncated SVD of all 9,858 words takes 2.86 s. Why?"),
            N_(
                "O(n³) is the full SVD of a dense matrix. Truncated (ARPACK) and randomised SVD only multiply the "
                "sparse matrix by a few vectors, so for a fixed rank they grow with the number of non-zeros. The "
                "randomised one is approximate where the spectrum is flat: σ₁₀₀ 77.5 against 80.1."
            ),
        ),
        D(
            "§8",
            N_(
                "On People's Daily PPMI-SVD scores 0.483 on wordsim-240 and skip-gram 0.222. Why does counting win "
                "here?"
            ),
            N_(
                "On about a million words the PPMI matrix uses every co-occurrence exactly once, while word2vec's "
                "sampled updates need far more text to settle (its ± columns show the spread between seeds). That the "
                "families are close (Levy et al. 2015) is a statement about large corpora."
            ),
        ),
    ],
)

_plan(
    "08",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: 共现概率的比值.")),
        _s(5, "run", "§1", "552aa77f acdf8f54", N_("ice/steam are too rare in PTB (nan); stock/bond instead.")),
        _s(
            7,
            "explore",
            "§1",
            "2f6706bf",
            N_("Ratio explorer: add probes 'bonds', 'prices'; try i = 'buy', j = 'sell'."),
        ),
        _s(6, "discuss", "§1", "", N_("Discussion 1: two ratios near 1.")),
        _s(
            9,
            "read",
            "§2",
            "02d787ec 64212fa3",
            N_("From ratios to the objective, step by step on the board; the f(x) figure."),
        ),
        _s(5, "discuss", "§2", "", N_("Discussion 2: median weight 0.014.")),
        _s(5, "break"),
        _s(
            6,
            "run",
            "§3",
            "30272b43 679a1502 4df05a2e af46e56a",
            N_("AdaGrad, 8 epochs (20 s); right panel: frequent pairs on the diagonal."),
        ),
        _s(7, "run", "§4", "31e7ecbf a2182f07", N_("三方对比: GloVe, PPMI-SVD, word2vec; then the 50-epoch record.")),
        _s(6, "explore", "§4", "5a45dd56", N_("'money' in three models; then 'monday' and 'president'.")),
        _s(6, "discuss", "§4", "", N_("Discussion 3: is the notes' claim wrong?")),
        _s(4, "run", "§5", "e8a0c002", N_("中文上的 GloVe: the same order on People's Daily.")),
        _s(17, "exercise", "§6", "90fcb2b8", N_("glove_weight and glove_grad_w.")),
        _s(3, "read", _CLOSE, "", N_("勘误 and 小结 aloud.")),
    ],
    [
        D(
            "§1",
            N_(
                "P(market|stock)/P(market|bond) is 1.05 and the ratio for week is 0.95. Both are near 1 but for "
                "opposite reasons. Which, and why do ratios matter?"
            ),
            N_(
                "market goes with both stock and bond, week with neither; either way the ratio cancels to about 1. "
                "Only ratios far from 1 tell the two words apart (exchange 229, yield 0.03), and the raw probabilities "
                "are all small and hard to read: that is why GloVe builds its objective from ratios."
            ),
        ),
        D(
            "§2",
            N_(
                "Only 0.11 % of PTB's non-zero entries reach full weight, and the median weight is 0.014. What does "
                "the weighting f do on a small corpus?"
            ),
            N_(
                "f(x) = (x/x_max)^0.75 below x_max = 100: on 0.9M words almost every pair is rare, so most of the "
                "evidence gets a weight near 0. GloVe then learns 2 × 100 numbers per word from little weighted "
                "evidence, which is why it trails PPMI-SVD here."
            ),
        ),
        D(
            "§4",
            N_(
                "The notes say GloVe combines the advantages of both families, yet on PTB GloVe (8 epochs) scores "
                "WS-353 ρ 0.10 and PPMI-SVD on the same counts 0.34. Is the claim wrong?"
            ),
            N_(
                "It is a design goal, not a result on every corpus: the paper's advantages were measured on billions "
                "of words. On 0.9M words PPMI-SVD uses all the counts, and even the 50-epoch GloVe trails it "
                "(errata 1); the same holds on People's Daily."
            ),
        ),
    ],
)

_plan(
    "09",
    [
        _s(4, "read", _INTRO, "", N_("中文导读 aloud: 静态 vs 上下文词向量.")),
        _s(5, "run", "§1", "5db2ebeb", N_("may the month vs may the modal: read the examples aloud.")),
        _s(6, "read", "§2", "", N_("The model: character CNN (9.1), biLM (9.2), two layers.")),
        _s(5, "run", "§2", "bb1e3d4e 1db9441d 80c8b6a3", N_("A tiny biLM; the pretrained one; change the last word.")),
        _s(5, "discuss", "§2", "", N_("Discussion 1: forward change 0.0000.")),
        _s(4, "run", "§3", "64431155 68d13639", N_("困惑度 beside the earlier chapters.")),
        _s(5, "discuss", "§3", "", N_("Discussion 2: a worse language model, a better vector.")),
        _s(5, "break"),
        _s(
            5,
            "run",
            "§4",
            "d4538606 fc14e82b 69c7c867",
            N_("The heatmap: layer 0 is one yellow square; layers 1–2 two blocks."),
        ),
        _s(6, "explore", "§4", "a242c93a", N_("'the company may sell the unit' vs 'prices fell in may', word 'may'.")),
        _s(
            8,
            "run",
            "§5",
            "444ce6ad 437ba44d 3b463e09 8b37e119",
            N_("探针: one POS probe per layer, then static vectors; the bar chart."),
        ),
        _s(6, "discuss", "§5", "", N_("Discussion 3: 0.712 < 0.770 < 0.837.")),
        _s(5, "run", "§6", "e9a0c004", N_("中文 ELMo: 地 and 上, each with two senses.")),
        _s(4, "discuss", "§6", "", N_("Discussion 4: 土地 vs 认真地.")),
        _s(12, "exercise", "§7", "", N_("scalar_mix and the padding exercise.")),
        _s(5, "read", _CLOSE, "", N_("勘误 aloud: the layer weights are not attention; the biLM is frozen.")),
    ],
    [
        D(
            "§2",
            N_(
                "Changing the last word of 'the company may sell the unit in may' moves only the backward states of "
                "the earlier words; every forward change is 0.0000. Why must it be so?"
            ),
            N_(
                "The forward LM predicts the next word from the words before it; if its state at word k depended on "
                "later words it would see the answer. The backward LM is the mirror image. The unit tests check both "
                "directions at every position."
            ),
        ),
        D(
            "§3",
            N_(
                "The biLM's test perplexity (150.4 forward, 151.3 backward) is worse than Kneser-Ney's 141.2. Why use "
                "it?"
            ),
            N_(
                "It starts every sentence from a blank state (notebook 05's LSTM carries its state over: 115.8), it "
                "was trained for five epochs and its validation perplexity was still falling (166 → 157). ELMo is "
                "judged by its vectors, not by its perplexity."
            ),
        ),
        D(
            "§5",
            N_(
                "The POS probe scores 0.712 on static PPMI-SVD vectors, 0.770 on ELMo's layer 0 and 0.837/0.838 on "
                "layers 1 and 2. What does each of the two gaps say?"
            ),
            N_(
                "Layer 0 sees only the word's characters, yet beats static vectors: spelling (-ly, -ed, -tion) says a "
                "lot about part of speech, and it covers words PTB never had. The LSTM layers add about 7 points: "
                "words such as may, like, that need their sentence to be tagged."
            ),
        ),
        D(
            "§6",
            N_(
                "For 地 (particle vs noun) and 上 (localiser vs verb) layer 0 scores 0.494, layers 1–2 between 0.86 "
                "and 0.91. Why can't layer 0 tell 土地 from 认真地?"
            ),
            N_(
                "Layer 0 is built from the word's characters alone: one spelling, one vector, so it is at chance (as "
                "static vectors are). The LSTM layers read the sentence, the same lesson as may in section 4."
            ),
        ),
    ],
)

_plan(
    "10",
    [
        _s(5, "read", _INTRO, "", N_("中文导读 aloud: SLM → NLM → PLM → LLM.")),
        _s(
            6,
            "run",
            "§1",
            "t10-ladder t10-ladder-plot t10-ladder-pd",
            N_("语言模型的阶梯: every model of the course on one figure."),
        ),
        _s(6, "discuss", "§1", "", N_("Discussion 1: which step was biggest?")),
        _s(
            9,
            "read",
            "§2",
            "t10-attention-toy-run t10-checks-run",
            N_("Eq. (10.1) on the board; the causal mask by hand."),
        ),
        _s(6, "run", "§3", "t10-load t10-attention-text", N_("The trained Transformer: 115.2 vs the LSTM's 115.8.")),
        _s(
            6,
            "explore",
            "§3",
            "t10-attention-widget",
            N_("Attention explorer: layer 1 vs 2; try 'the stock market fell and the bond market rose'."),
        ),
        _s(5, "discuss", "§3", "", N_("Discussion 2: only 0.5 % ahead.")),
        _s(5, "break"),
        _s(5, "run", "§4", "t10-scaling-plot t10-scaling-read", N_("规模: the fitted power law and its floor.")),
        _s(
            11,
            "run",
            "§5",
            "t10-induction-record t10-induction-check t10-knowledge t10-context",
            N_("Induction heads; knowledge prompts; context length."),
        ),
        _s(6, "discuss", "§5", "", N_("Discussion 3: what one word of context buys.")),
        _s(16, "exercise", "§7", "t10-exercises", N_("causal_mask, attention, block_parameters.")),
        _s(4, "read", "小结", "", N_("小结 aloud; §6 (timeline) and 勘误 at home.")),
    ],
    [
        D(
            "§1",
            N_(
                "On the ladder the unsmoothed 5-gram is at ∞, add-one at 6,580, Kneser-Ney at 141.2, the LSTM at 115.8 "
                "and the Transformer at 115.2. Which step was biggest?"
            ),
            N_(
                "Smoothing: it turns an infinite perplexity into 141.2, the level every later model is measured "
                "against. The neural models then gain by generalising over similar words (NNLM + KN5 125.6, LSTM "
                "115.8); the Transformer only just passes the LSTM at this scale."
            ),
        ),
        D(
            "§3",
            N_("The Transformer beats the LSTM by only 0.5 % (115.2 vs 115.8). Why not more?"),
            N_(
                "Under a million words and the LSTM's size: a recurrent network builds in a preference for recent "
                "words, which a Transformer must learn from examples, and its validation curve was still falling when "
                "its six epochs ran out. Its advantages (parallel training, direct access to long context) pay at "
                "scale."
            ),
        ),
        D(
            "§5",
            N_(
                "With 1 token of context the validation perplexity is 218, with 4 tokens 136, with 64 tokens 112. What "
                "does that say about n-gram models?"
            ),
            N_(
                "Most of the gain comes from the first few words, the range an n-gram model also covers; the rest "
                "(136 → 112) comes from longer history that an n-gram model cannot use. Large models read thousands of "
                "tokens of context, which is where multi-turn use and in-context learning live."
            ),
        ),
    ],
    homework=("§6", "勘误"),
    note=N_("§6 (the LLM timeline, a figure to read at leisure) and the errata are home reading."),
)
del D


# ---------------------------------------------------------------------------------------------------------------
# checking a plan against its notebook


def exercise_sections(notebook: str | int | Path) -> set[str]:
    """The sections whose heading names the exercises (:data:`EXERCISE_HEADING`)."""
    return {key for key, heading in section_headings(notebook).items() if EXERCISE_HEADING.search(heading)}


def live_minutes(plan: SessionPlan, notebook: str | int | Path | None = None) -> float:
    """The minutes a plan's ``read`` and ``run`` steps must pay for (the fit rule of :func:`check_plan`):

    * reading aloud (:func:`read_aloud_minutes`) every read-aloud section that is not in ``plan.homework`` and
      is not an exercise section (those are read in the ``exercise`` steps);
    * the notebook's whole stored run time (an upper bound for re-running the cells run live, a subset);
    * :data:`OUTPUT_MINUTES` for every cell run live, to look at its output.
    """
    notebook = plan.notebook if notebook is None else notebook
    exercises = exercise_sections(notebook)
    read = sum(m for k, m in section_minutes(notebook).items() if k not in plan.homework and k not in exercises)
    run = (run_seconds(_path(notebook).name) or 0.0) / 60
    return read + run + OUTPUT_MINUTES * len(plan.live_cells)


def check_plan(plan: SessionPlan, notebook: str | int | Path | None = None) -> list[str]:
    """What is wrong with a plan, as sentences (empty: nothing). The rules:

    * the steps sum to :data:`SESSION_MINUTES` and each has a known kind and positive minutes;
    * every cell id a step names exists in the notebook, and every section a step, a discussion or the
      homework names is a section of the notebook;
    * every read-aloud section is either covered by a step or in ``homework`` (nothing is silently skipped);
    * there are 2-4 discussions, each with a question and a non-empty answer;
    * **it fits**: :func:`live_minutes` is at most the minutes of the ``read`` and ``run`` steps, and the
      exercise sections' read-aloud minutes are at most the minutes of the ``exercise`` steps.
    """
    notebook = plan.notebook if notebook is None else notebook
    problems = []
    if plan.minutes != SESSION_MINUTES:
        problems.append(f"the steps sum to {plan.minutes} minutes, not {SESSION_MINUTES}")
    ids = {c.id for c in cells(notebook)}
    keys = set(section_headings(notebook))
    for step in plan.steps:
        if step.kind not in KINDS or step.minutes <= 0:
            problems.append(f"step {step.text!r}: kind {step.kind!r}, {step.minutes} minutes")
        problems += [f"cell {c!r} is not in the notebook" for c in step.cells if c not in ids]
        problems += [f"section {s!r} is not in the notebook" for s in step.sections if s not in keys]
    named = [d.section for d in plan.discussions] + list(plan.homework)
    problems += [f"section {s!r} is not in the notebook" for s in named if s not in keys]
    covered = {s for step in plan.steps for s in step.sections} | set(plan.homework)
    missing = [k for k in section_minutes(notebook) if k not in covered]
    if missing:
        problems.append(f"sections neither covered nor homework: {', '.join(missing)}")
    if not 2 <= len(plan.discussions) <= 4:
        problems.append(f"{len(plan.discussions)} discussions, not 2-4")
    problems += [f"discussion {d.question[:40]!r} has no answer" for d in plan.discussions if not d.answer.strip()]
    problems += [f"discussion in {d.section} has no question" for d in plan.discussions if not d.question.strip()]
    live, budget = live_minutes(plan, notebook), plan.minutes_of(*LIVE_KINDS)
    if live > budget:
        problems.append(f"reading and running need {live:.1f} min but the plan gives them {budget}")
    exercises = exercise_sections(notebook)
    ex_read = sum(m for k, m in section_minutes(notebook).items() if k in exercises and k not in plan.homework)
    if ex_read > plan.minutes_of("exercise"):
        problems.append(f"the exercises take {ex_read:.1f} min to read but get {plan.minutes_of('exercise')}")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# rendering


def _number(notebook: str | int) -> str:
    return f"{int(notebook):02d}"


def load_line(load: Load) -> str:
    """``"N words of prose + M 字, K cells, about X min to read aloud, Y s to run"`` (in the session's language)."""
    if load.run_s is None:
        run = tr("run time not measured")
    else:
        run = tr("{seconds} s to run", seconds=f"{load.run_s:.0f}")
    return tr(
        "{words} words of prose + {cjk} 字, {cells} cells ({markdown} markdown, {code} code), about {minutes} min "
        "to read aloud, {run}",
        words=f"{load.words:,}",
        cjk=f"{load.cjk:,}",
        cells=load.markdown_cells + load.code_cells,
        markdown=load.markdown_cells,
        code=load.code_cells,
        minutes=f"{load.read_minutes:.0f}",
        run=run,
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def session_plan_markdown(number: str | int, measured: bool = True, collapsed: bool = False) -> str:
    """One notebook's plan as markdown for its header: the measured load, a table of the steps, the
    discussion questions with their answers hidden in ``<details>``, and the home reading.

    In a notebook: ``session_plan_markdown("02", measured=False, collapsed=True)``: without the measured load
    (a notebook must not print numbers that change with its own text or run time: nbval compares the stored
    output; the README's reading-load table has them) and folded under one summary line.

    In the session's language (:func:`course_utils.i18n.language`): the English edition prints the plan as it
    is written (with its bilingual labels), the Chinese edition prints it all in Chinese (the plans' texts are
    ``N_``-marked, their Chinese in :mod:`course_utils.messages_zh_sessions`); section names and cell ids stay."""
    if collapsed:
        inner = session_plan_markdown(number, measured=measured)
        title = tr("90 分钟学习计划 · Session plan (90 min)")
        return f"<details><summary><b>{title}</b></summary>\n\n{inner}\n</details>\n"
    plan = PLANS[_number(number)]
    load = reading_load(plan.notebook)
    # the plans' texts are N_-marked where they are written (tests/test_i18n.py checks each has its Chinese)
    sep = "、" if i18n.language() == "zh" else ", "
    kind_label = {
        "read": tr("读 read"),
        "run": tr("运行 run"),
        "discuss": tr("讨论 discuss"),
        "explore": tr("探索 explore"),
        "exercise": tr("练习 exercise"),
        "break": tr("休息 break"),
    }
    reading = (
        tr("Reading load: {load}.", load=load_line(load)) if measured else tr("Reading load: see the README's table.")
    )
    rows = [
        tr("**90 分钟学习计划 · Session plan (90 min).**") + " " + reading,
        "",
        tr("| min | what | sections | cells to run live |"),
        "|---|---|---|---|",
    ]
    clock = 0
    for step in plan.steps:
        cells_ = sep.join(f"`{c}`" for c in step.cells) or "—"
        what = kind_label[step.kind]
        if step.text:
            what = tr("{kind}: {text}", kind=what, text=_md(tr(step.text)))
        rows.append(f"| {clock}–{clock + step.minutes} | {what} | {' '.join(step.sections) or '—'} | {cells_} |")
        clock += step.minutes
    rows += ["", tr("**讨论 · Discussion**"), ""]
    for i, d in enumerate(plan.discussions, 1):
        rows += [
            tr("{i}. ({section}) {question}", i=i, section=d.section, question=tr(d.question)),
            "",
            f"   <details><summary>{tr('答案 · Answer')}</summary>\n\n   {tr(d.answer)}\n\n   </details>",
            "",
        ]
    if plan.homework:
        note = tr(plan.note) if plan.note else ""
        home = tr("**课后阅读 · Home reading:** {sections}. {note}", sections=sep.join(plan.homework), note=note)
        rows.append(home.rstrip())
    return "\n".join(rows).rstrip() + "\n"


def session_overview_markdown() -> str:
    """One row per notebook (notebook 00's overview): its reading load and whether it fits a session."""
    rows = [
        tr("| notebook | words | 字 | cells | figures | explorers | read aloud | run | session load | fits 90 min |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path in course_notebooks():
        load = reading_load(path)
        plan = PLANS.get(path.name[:2])
        fits = tr("yes") if load.fits else tr("no: split it")
        if plan and plan.homework:
            fits += " " + tr("({sections} at home)", sections=", ".join(plan.homework))
        run = "—" if load.run_s is None else f"{load.run_s:.0f} s"
        read, session = (tr("{n} min", n=f"{m:.0f}") for m in (load.read_minutes, load.session_minutes))
        rows.append(
            f"| {path.name} | {load.words:,} | {load.cjk:,} | {load.markdown_cells + load.code_cells} | "
            f"{load.figures} | {load.explorers} | {read} | {run} | {session} | {fits} |"
        )
    rows += [
        "",
        tr(
            "Read aloud at {words} English words and {cjk} 字 a minute; the session load adds the run time and "
            "{output} min per code cell to look at its output. A notebook fits when its session load leaves "
            "{reserved} of the {session} minutes for exercises and discussion.",
            words=WORDS_PER_MINUTE,
            cjk=CJK_PER_MINUTE,
            output=OUTPUT_MINUTES,
            reserved=RESERVED_MINUTES,
            session=SESSION_MINUTES,
        ),
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """``python -m course_utils.sessions [NUMBER]``: the reading-load table, or one notebook's plan."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args:
        print(session_plan_markdown(args[0]))
        return 0
    print(f"{'notebook':26s} {'words':>6s} {'字':>5s} {'cells':>5s} {'read':>6s} {'run':>5s} {'session':>8s}  fits")
    for path in course_notebooks():
        load = reading_load(path)
        run = "—" if load.run_s is None else f"{load.run_s:.0f}s"
        print(
            f"{path.name:26s} {load.words:6,d} {load.cjk:5,d} {load.markdown_cells + load.code_cells:5d} "
            f"{load.read_minutes:5.1f}m {run:>5s} {load.session_minutes:7.1f}m  {'yes' if load.fits else 'no'}"
        )
    for number, plan in PLANS.items():
        problems = check_plan(plan)
        status = "ok" if not problems else "; ".join(problems)
        print(f"plan {number}: live {live_minutes(plan):.1f} of {plan.minutes_of(*LIVE_KINDS)} min, {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
