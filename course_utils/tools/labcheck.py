"""The browser test: ``python -m course_utils lab-check [--out artifacts/lab] [NOTEBOOK ...]``.

It runs the course the way a reader meets it. JupyterLab starts on 127.0.0.1 in a scratch copy of the
course, and headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright for Python; never
``playwright install``) opens every notebook and runs all cells. The check then asserts that:

* no cell shows an error and every code cell ran (Lab's Run All stops at the first error);
* every explorer a notebook builds renders (its controls and its output area) and answers one
  interaction: a slider moved with the keyboard, or a word typed, changes what the explorer prints;
* the static edition (``python -m course_utils site``) opens, with its sidebar and links, and works
  offline: two pages with formulas are opened from ``file://`` with every network request refused; no
  request is attempted, no TeX source (``$$``, ``\\frac``) is left in the text, the MathML is typeset
  (a fraction stacked, formulas with a real size), Chinese is drawn with real glyphs (not the boxes of a
  missing font), the search box finds a heading on another page, and a page prints to a PDF of several
  pages with its figures (``site-formula.png``, ``site-print-02.pdf``, ``site-print-preview.png``;
  :func:`check_site` runs this part alone, as does ``lab-check --only site``);
* the Chinese edition: two Chinese notebooks run in the same Lab (``LAB_ZH``): their outputs are Chinese
  (the first cell chooses it) and Chinese is drawn with real glyphs (``zh-02_smoothing.png``); the Chinese
  static site (``site/zh/``) opens and its language switch leads to the English page (``site-zh-02.png``);
* a slide deck (``python -m course_utils slides``) opens from ``file://`` with every network request
  refused: reveal.js starts, a formula slide shows MathML with a real size and a figure slide a loaded
  image, and no request fails (``slides-formula.png``, ``slides-figure.png``; :func:`check_slides` runs
  this part alone).

It writes a screenshot per notebook, ``report.json`` and ``report.md`` (Lab run time per notebook, errors,
widgets) to ``--out``. Needs ``pip install -e ".[browser]"`` and Chromium (``apt-get install chromium``
on Debian/Ubuntu). Exits 1 if any check fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..paths import NOTEBOOK_DIR, ROOT, course_notebooks
from .execute import SAME_ARITHMETIC

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
EXPLORER_CALL = re.compile(r"\b\w+_(?:explorer|stepper)\(")
#: the Chinese notebooks the browser test runs besides the English ones: sliders, checkers and CJK figures (02),
#: the ladder, tables and the attention explorer (10)
LAB_ZH = ("02_smoothing.ipynb", "10_transformer.ipynb")
#: what a Chinese notebook's outputs must show: Chinese text printed by the kernel
CJK_OUTPUT_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
  .filter(o => /[\\u4e00-\\u9fff]/.test(o.innerText)).length"""

# a cell's report, read from Lab's own models: errors, unrun code cells, widget views
REPORT_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content; const r = {errors: [], unrun: [], code_cells: 0};
  nb.widgets.forEach((c, i) => { if (c.model.type !== 'code') return; r.code_cells += 1;
    if (c.model.executionCount === null) r.unrun.push(i);
    for (let k = 0; k < c.model.outputs.length; k++) { const o = c.model.outputs.get(k).toJSON();
      if (o.output_type === 'error') r.errors.push([i, o.ename + ': ' + o.evalue]); } });
  return r; }"""
# explorers: a widget box that holds controls and an Output widget (tqdm bars have no Output widget)
EXPLORERS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const boxes = [...panel.querySelectorAll('.jp-OutputArea-output .widget-vbox')].filter(b =>
    b.querySelector('.widget-output') && b.querySelector('input, .widget-slider') &&
    !b.parentElement.closest('.widget-vbox'));
  boxes.forEach((b, i) => b.setAttribute('data-explorer', String(i)));
  return boxes.length; }"""
# what an explorer shows: its text and, for a plot, the image itself (a figure has no text to compare)
OUTPUT_TEXT_JS = "(i) => document.querySelector(`[data-explorer='${i}'] .widget-output`).innerHTML"


def _kernel_idle_js(path: str) -> str:
    return (
        "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        f" return !!(w && w.context && w.context.path === '{path}' && w.sessionContext.session"
        " && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'); }"
    )


def expected_explorers(path: Path) -> int:
    """How many explorers the notebook's code builds (one per cell that calls a ``*_explorer``/``*_stepper``)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" and EXPLORER_CALL.search("".join(c["source"])))


def _start_lab(root: Path, work: Path, port: int, token: str, timeout: float) -> subprocess.Popen:
    settings = work / "lab-user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no "get notified about Jupyter news?" toast in the screenshots, no update check
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(work / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(work / ".runtime"),
        "IPYTHONDIR": str(work / ".ipython"),
        **SAME_ARITHMETIC,  # the kernels compute as the notebooks did when their outputs were stored
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={work / 'lab-user-settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run Lab's commands directly
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--ServerApp.allow_root=True")  # CI runs as root, and Lab refuses without this
    log = open(work / "lab.log", "w", encoding="utf-8")  # the server writes it until stopped
    lab = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                return lab
        except OSError:
            if lab.poll() is not None or time.time() > deadline:
                _stop(lab)
                tail = (work / "lab.log").read_text(encoding="utf-8")[-2000:]
                raise RuntimeError(f"JupyterLab did not start; its log ends with:\n{tail}") from None
            time.sleep(0.25)


def _stop(lab: subprocess.Popen) -> None:
    if lab.poll() is None:
        os.kill(lab.pid, signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(lab.pid, signal.SIGKILL)
            lab.wait()


def _interact(page, index: int, timeout_ms: float) -> str:
    """Move the explorer's first slider (or type into its first text box); return what changed, or raise."""
    box = page.locator(f"[data-explorer='{index}']")
    box.scroll_into_view_if_needed()
    before = page.evaluate(OUTPUT_TEXT_JS, index)
    handle = box.locator(".noUi-handle").first
    if handle.count():
        attempts = [("slider", "ArrowRight"), ("slider", "ArrowLeft"), ("slider", "ArrowLeft")]
    else:
        attempts = [("text", " the")]
    for kind, key in attempts:
        if kind == "slider":
            handle.focus()
            page.keyboard.press(key)
        else:
            field = box.locator("input[type=text]").last
            field.click()
            field.press("End")
            field.type(key)
            field.press("Enter")
        deadline = time.time() + timeout_ms / 1000
        while time.time() < deadline:
            after = page.evaluate(OUTPUT_TEXT_JS, index)
            if after.strip() and after != before:  # re-rendered with new content
                return f"{kind} {key.strip()}: output changed"
            time.sleep(0.2)
    raise AssertionError(f"explorer {index}: its output did not change after {kind} input")


def _command(page, command: str, args: dict | None = None) -> object:
    """Run one of Lab's commands and wait for it; only a plain result comes back (widgets do not serialise)."""
    return page.evaluate(
        "async ([c, a]) => { const r = await window.jupyterapp.commands.execute(c, a);"
        " return (typeof r === 'boolean' || typeof r === 'number' || typeof r === 'string') ? r : null; }",
        [command, args or {}],
    )


def _check_notebook(page, rel: str, shot: Path, timeout: float, expected: int) -> dict:
    ms = timeout * 1000
    _command(page, "docmanager:open", {"path": rel})
    page.wait_for_function(_kernel_idle_js(rel), timeout=ms)
    _command(page, "editmenu:clear-all")
    start = time.perf_counter()
    ran = _command(page, "notebook:run-all-cells")
    page.wait_for_function(_kernel_idle_js(rel), timeout=ms)
    seconds = time.perf_counter() - start
    report = {"notebook": Path(rel).name, "run_all_seconds": round(seconds, 1), "run_all_returned": ran}
    report.update(page.evaluate(REPORT_JS))
    problems = [f"cell {i}: {e}" for i, e in report["errors"]]
    if report["unrun"]:
        problems.append(f"code cells not run: {report['unrun']}")
    found = 0
    if expected:
        try:  # widget views render after the kernel has sent them
            page.wait_for_function(f"() => ({EXPLORERS_JS})() >= {expected}", timeout=ms)
        except Exception:  # reported below as a failed check
            pass
        found = page.evaluate(EXPLORERS_JS)
    report["explorers"] = f"{found} of {expected}"
    if found < expected:
        problems.append(f"{expected} explorers expected, {found} rendered")
    report["interactions"] = []
    for i in range(found):
        try:
            report["interactions"].append(_interact(page, i, 30_000))
        except Exception as exc:  # a broken widget is a failed check, not a crash
            problems.append(str(exc).splitlines()[0])
    if "/zh/" in f"/{rel}":  # the Chinese edition: Chinese outputs, drawn in a font that has Chinese
        report["chinese_outputs"] = page.evaluate(CJK_OUTPUT_JS)
        glyphs = page.evaluate(CJK_JS, "语言模型")
        report["cjk_glyphs"] = glyphs
        if report["chinese_outputs"] < 3:
            problems.append(f"{rel}: {report['chinese_outputs']} outputs in Chinese, expected the kernel's Chinese")
        if glyphs["distinct"] < 4 or glyphs["like_missing_glyph"]:
            problems.append(f"{rel}: Chinese is drawn as empty boxes (font {glyphs['font']})")
    if found:  # else Run All has left the view at the last cell: the screenshot shows it was reached
        page.locator("[data-explorer='0']").scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    report["screenshot"] = shot.name
    report["problems"] = problems
    # save (the scratch copy), stop the kernel, close the tab: no dialog may wait for a click
    page.evaluate(
        "async () => { const w = window.jupyterapp.shell.currentWidget; await w.context.save();"
        " await w.sessionContext.shutdown(); w.dispose(); return true; }"
    )
    return report


def _refuse_network(page, allowed: tuple[str, ...] = ("file:", "data:")) -> list[str]:
    """Abort every request of ``page`` whose URL does not start with one of ``allowed``; returns the list the
    refused URLs are appended to (the checks report them: nothing may leave the machine)."""
    refused: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(allowed)
            else (refused.append(route.request.url), route.abort())
        ),
    )
    return refused


def _check_site(context, site: Path, out: Path, timeout: float) -> dict:
    page = context.new_page()
    blocked = _refuse_network(page)
    page.goto((site / "index.html").as_uri(), timeout=timeout * 1000)
    links = page.locator(".course-nav a").count()
    page.screenshot(path=str(out / "site-index.png"))
    page.locator(".course-nav a[href='09_elmo.html']").click()
    page.wait_for_selector(".course-nav .current", timeout=timeout * 1000)
    title = page.title()
    images = page.locator("img[src^='data:image/png']").count()
    page.screenshot(path=str(out / "site-09_elmo.png"))
    zh = {}
    if (site / "zh" / "02_smoothing.html").is_file():  # the Chinese edition and its language switch
        page.goto((site / "zh" / "02_smoothing.html").as_uri(), timeout=timeout * 1000)
        zh["title"] = page.title()
        zh["glyphs"] = page.evaluate(CJK_JS, "平滑回退")
        page.screenshot(path=str(out / "site-zh-02.png"))
        page.locator(".lang-switch a").click()
        page.wait_for_load_state()
        zh["switched_to"] = page.title()
    page.close()
    problems = []
    if zh and (zh["title"] != "02 · 平滑" or "Smoothing" not in zh["switched_to"]):
        problems.append(f"site: the Chinese page or its language switch is wrong ({zh})")
    if zh and (zh["glyphs"]["distinct"] < 4 or zh["glyphs"]["like_missing_glyph"]):
        problems.append("site: the Chinese edition is drawn as empty boxes")
    if links < 12:
        problems.append(f"site: the sidebar has {links} links, expected the course map and the glossary")
    if "ELMo" not in title or images == 0:
        problems.append(f"site: the ELMo page did not open with its figures (title {title!r}, {images} images)")
    if blocked:  # maths is MathML and every figure is embedded: nothing may be fetched
        problems.append(f"site: the pages asked the network for {sorted(set(blocked))}")
    return {
        "notebook": "static site",
        "sidebar_links": links,
        "elmo_page_images": images,
        "chinese_edition": zh,
        "refused_requests": sorted(set(blocked)),
        "problems": problems,
    }


#: the site's pages the offline check opens (both have display formulas and figures), the page it prints
SITE_PAGES = ("02_smoothing.html", "05_rnn_gradients.html")
SITE_PRINT = "02_smoothing.html"
#: a word typed into the search box (on the second page) and the page its first result must open
SITE_SEARCH = ("Kneser", "02_smoothing.html")
# What a reader sees of the page: TeX left as text (anywhere: $$ and \frac; in the prose, not the code, any
# common command), formulas and whether they are laid out as maths (a fraction's numerator above its
# denominator; a browser without MathML would put them side by side).
SITE_STATE_JS = r"""() => {
  const text = document.body.innerText;
  const prose = [...document.querySelectorAll('.jp-RenderedMarkdown')].map(e => {
    const copy = e.cloneNode(true); copy.querySelectorAll('code, pre').forEach(c => c.remove());
    return copy.textContent; }).join('\n');
  const maths = [...document.querySelectorAll('math')];
  const sized = maths.filter(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  const frac = [...document.querySelectorAll('math mfrac')].find(f => f.getBoundingClientRect().width > 0);
  let stacked = null;
  if (frac && frac.children.length === 2) {
    const top = frac.children[0].getBoundingClientRect(), bottom = frac.children[1].getBoundingClientRect();
    stacked = top.bottom <= bottom.top + 1 && top.height > 0 && bottom.height > 0;
  }
  return {title: document.title, dollars: (text.match(/\$\$/g) || []).length, frac_source: text.includes('\\frac'),
          tex_commands: [...new Set(prose.match(
            /\\(?:frac|text|sum|prod|sqrt|log|exp|mid|mathrm|mathbf|mathcal|left|right|begin|end|cdot|hat|alpha|sigma|lambda)\b/g
          ) || [])],
          maths: maths.length, sized_maths: sized.length,
          display_maths: document.querySelectorAll('math[display="block"]').length,
          fraction_stacked: stacked, fallbacks: document.querySelectorAll('.math-fallback').length,
          figures: document.querySelectorAll('img[src^="data:image/"]').length,
          figures_loaded: [...document.querySelectorAll('img[src^="data:image/"]')]
            .filter(i => i.complete && i.naturalWidth > 0).length};
}"""
# Chinese drawn with real glyphs: in the font the page's text uses, four different characters must give
# four different pictures, none of them the picture of a character no font has (U+10FFFD, the box of a
# missing glyph: two such characters draw the same box). A font that lacks Chinese draws the same box four times.
CJK_JS = r"""(sample) => {
  const el = [...document.querySelectorAll('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, h1, h2')]
    .find(e => /[\u4e00-\u9fff]/.test(e.textContent)) || document.body;
  const family = getComputedStyle(el).fontFamily;
  const canvas = document.createElement('canvas'); canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 64, 64); ctx.fillStyle = '#000';
    ctx.font = `40px ${family}`; ctx.textBaseline = 'middle'; ctx.fillText(ch, 8, 32);
    const data = ctx.getImageData(0, 0, 64, 64).data; let ink = 0, key = '';
    for (let i = 0; i < data.length; i += 4) { const dark = data[i] < 128; ink += dark; key += dark ? '1' : '0'; }
    return {ink, key}; };
  const glyphs = [...sample].map(draw), tofu = draw('\u{10FFFD}'), tofu2 = draw('\u{10FFFC}');
  const span = document.createElement('span'); span.textContent = sample; span.style.font = `16px ${family}`;
  document.body.appendChild(span); const width = span.getBoundingClientRect().width; span.remove();
  return {font: family, sample, distinct: new Set(glyphs.map(g => g.key)).size,
          like_missing_glyph: glyphs.filter(g => g.key === tofu.key).length,
          missing_glyphs_alike: tofu.key === tofu2.key,
          ink: glyphs.map(g => g.ink), width_16px: width};
}"""
# where the page sits when printed: the sidebar hidden, the content at the left edge, figures within the page
PRINT_STATE_JS = """() => {
  const nav = document.querySelector('.course-nav'), page = document.querySelector('.course-page');
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('img')].filter(i => i.getBoundingClientRect().right > width + 1).length;
  return {nav_shown: !!nav && getComputedStyle(nav).display !== 'none', content_left: page.getBoundingClientRect().left,
          page_links_shown: [...document.querySelectorAll('.page-links')]
            .some(n => getComputedStyle(n).display !== 'none'),
          figures_wider_than_page: wide}; }"""


def _pdf_facts(data: bytes) -> dict:
    """Pages and images of a PDF Chromium wrote (its page and image objects are not compressed)."""
    sizes = [(int(w), int(h)) for w, h in re.findall(rb"/Width\s*(\d+)\s*/Height\s*(\d+)", data)]
    return {
        "bytes": len(data),
        "pages": len(re.findall(rb"/Type\s*/Page\b", data)),
        "images": len(re.findall(rb"/Subtype\s*/Image\b", data)),
        "large_images": sum(1 for w, h in sizes if w >= 300 and h >= 150),
    }


def _check_site_offline(context, site: Path, out: Path, timeout: float) -> dict:
    """Open :data:`SITE_PAGES` from file:// with every other request refused: typeset maths, Chinese glyphs,
    the search box, a screenshot of a formula and the printed PDF of :data:`SITE_PRINT`."""
    ms = timeout * 1000
    page = context.new_page()
    failed: list[str] = []
    errors: list[str] = []
    refused = _refuse_network(page)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems: list[str] = []
    report: dict = {"notebook": "static site offline", "pages": {}}
    for name in SITE_PAGES:
        page.goto((site / name).as_uri(), timeout=ms, wait_until="load")
        state = page.evaluate(SITE_STATE_JS)
        state["cjk"] = page.evaluate(CJK_JS, "语言模型")
        report["pages"][name] = state
        if state["dollars"] or state["frac_source"] or state["tex_commands"] or state["fallbacks"]:
            problems.append(
                f"site: {name} shows TeX source ({state['dollars']} $$, {state['tex_commands']}, "
                f"{state['fallbacks']} formulas not converted)"
            )
        if not state["sized_maths"] or not state["display_maths"] or not state["fraction_stacked"]:
            problems.append(f"site: {name}'s formulas are not typeset as maths ({state})")
        if state["figures_loaded"] < state["figures"] or not state["figures"]:
            problems.append(
                f"site: {name}'s figures did not all load ({state['figures_loaded']} of {state['figures']})"
            )
        cjk = state["cjk"]
        if cjk["distinct"] < len(cjk["sample"]) or cjk["like_missing_glyph"] or min(cjk["ink"]) == 0:
            problems.append(f"site: {name} draws Chinese as boxes, not glyphs ({cjk})")
        if name == SITE_PRINT:  # a display formula with a fraction, centred (or, failing that, the first text)
            page.evaluate(
                "() => { const e = document.querySelector('.math-display:has(mfrac)')"
                " || document.querySelector('.jp-RenderedMarkdown'); if (e) e.scrollIntoView({block: 'center'}); }"
            )
            page.screenshot(path=str(out / "site-formula.png"))
            report["formula_screenshot"] = "site-formula.png"
    # the search box: typed on this page, its first result opens the heading on another page
    word, target = SITE_SEARCH
    try:
        page.locator("#course-search").press_sequentially(word, delay=20, timeout=ms)
        page.wait_for_selector("#course-search-results a", timeout=ms)
        results = page.eval_on_selector_all(
            "#course-search-results a", "links => links.map(a => [a.getAttribute('href'), a.textContent])"
        )
    except Exception:  # reported below as a failed check
        results = []
    report["search"] = {"query": word, "results": results[:5], "count": len(results)}
    if not results or not results[0][0].startswith(target + "#"):
        problems.append(f"site: searching {word!r} did not offer a heading of {target} first ({results[:3]})")
    else:
        page.locator("#course-search-results a").first.click()
        page.wait_for_load_state("load", timeout=ms)
        landed = page.evaluate(
            "() => { const id = decodeURIComponent(location.hash.slice(1)); const e = document.getElementById("
            "location.hash.slice(1)) || document.getElementById(id);"
            " return {url: location.pathname.split('/').pop() + location.hash, found: !!e,"
            " visible: !!e && e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight}; }"
        )
        report["search"]["opened"] = landed
        if not (landed["url"].startswith(target + "#") and landed["found"] and landed["visible"]):
            problems.append(f"site: the search result did not open its heading ({landed})")
    # print: the layout under print media, then the PDF Chromium prints
    page.goto((site / SITE_PRINT).as_uri(), timeout=ms, wait_until="load")
    figures = page.evaluate("() => document.querySelectorAll('img[src^=\"data:image/png\"]').length")
    page.emulate_media(media="print")
    layout = page.evaluate(PRINT_STATE_JS)
    page.screenshot(path=str(out / "site-print-preview.png"))
    pdf = out / f"site-print-{SITE_PRINT[:2]}.pdf"  # printed with the print media emulated above
    page.pdf(path=str(pdf), format="A4", print_background=True)
    facts = _pdf_facts(pdf.read_bytes())
    report["print"] = {"page": SITE_PRINT, "pdf": pdf.name, "figures_on_page": figures, **facts, "layout": layout}
    if (
        layout["nav_shown"]
        or layout["page_links_shown"]
        or layout["content_left"] > 40
        or layout["figures_wider_than_page"]
    ):
        problems.append(f"site: the print layout keeps the sidebar or cuts figures ({layout})")
    # several pages, every figure an image of its own (a text-only print has no image objects), and the
    # bytes to hold them
    if facts["pages"] < 2 or facts["large_images"] < figures or facts["bytes"] < 100_000:
        problems.append(f"site: the printed {SITE_PRINT} is not a full page with its {figures} figures ({facts})")
    page.close()
    if refused:
        problems.append(f"site: the pages asked the network for {sorted(set(refused))}")
    failed_files = sorted({u for u in failed if u not in refused})
    if failed_files:
        problems.append(f"site: requests failed: {failed_files}")
    if errors:
        problems.append(f"site: script errors: {errors}")
    report.update(refused_requests=sorted(set(refused)), failed_requests=failed_files, problems=problems)
    return report


def check_site(out: Path, chromium: str = "/usr/bin/chromium", timeout: float = 120) -> list[dict]:
    """The static site's checks alone (no JupyterLab): build the site, open it offline, screenshot, print.

    Writes ``site-index.png``, ``site-09_elmo.png``, ``site-formula.png``, ``site-print-preview.png`` and
    ``site-print-02.pdf`` to ``out``; returns the reports, whose ``problems`` lists are empty when the site works.
    """
    from playwright.sync_api import sync_playwright

    from .site import build_editions

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="site-check-"))
    try:
        site = build_editions(work / "site")[0].parent
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                return [_check_site(context, site, out, timeout), _check_site_offline(context, site, out, timeout)]
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


#: the deck the browser test opens: it has display formulas and a figure
SLIDES_NOTEBOOK = "02"
# the first slide (h, v) that shows a display formula, and the first that shows a figure
FIND_SLIDES_JS = """() => { const at = (s) => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; };
  const all = Reveal.getSlides();
  const formula = all.find(s => s.querySelector('math[display="block"]'));
  const figure = all.find(s => s.querySelector('img[src^="data:image/png"]'));
  return {formula: formula ? at(formula) : null, figure: figure ? at(figure) : null, slides: all.length}; }"""
# what the current slide shows: its first display formula's box, its first figure's natural size
SLIDE_STATE_JS = """() => { const s = Reveal.getCurrentSlide(); const box = (e) => { if (!e) return null;
    const r = e.getBoundingClientRect(); const style = getComputedStyle(e);
    return {width: r.width, height: r.height, visible: style.visibility !== 'hidden' && style.display !== 'none'
      && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight}; };
  const img = s.querySelector('img');
  return {math: box(s.querySelector('math[display="block"]')), img: box(img),
          natural_width: img ? img.naturalWidth : 0, complete: img ? img.complete : false,
          text: s.textContent.trim().slice(0, 80)}; }"""


def _check_slides(context, deck: Path, out: Path, timeout: float) -> dict:
    """Open ``deck`` from file:// with the network refused; screenshot a formula slide and a figure slide."""
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})  # the deck's own size: a projector's 16:9
    failed: list[tuple[str, str]] = []
    errors: list[str] = []
    refused = _refuse_network(page)
    page.on("requestfailed", lambda request: failed.append((request.url, str(request.failure))))
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems: list[str] = []
    report: dict = {"notebook": "slides", "deck": deck.name}
    page.goto(deck.as_uri(), timeout=timeout * 1000)
    try:
        page.wait_for_function("() => !!window.Reveal && Reveal.isReady()", timeout=timeout * 1000)
        ready = True
    except Exception:  # reported below as a failed check
        ready = False
    report["reveal_ready"] = ready
    found = page.evaluate(FIND_SLIDES_JS) if ready else {"formula": None, "figure": None, "slides": 0}
    report["slides"] = found["slides"]
    for kind in ("formula", "figure"):
        where = found[kind]
        if where is None:
            problems.append(f"slides: {deck.name} has no {kind} slide")
            continue
        page.evaluate("([h, v]) => Reveal.slide(h, v)", where)
        if kind == "figure":  # a data: image decodes asynchronously
            page.wait_for_function(
                "() => { const i = Reveal.getCurrentSlide().querySelector('img'); return i && i.complete; }",
                timeout=timeout * 1000,
            )
        state = page.evaluate(SLIDE_STATE_JS)
        shot = out / f"slides-{kind}.png"
        page.screenshot(path=str(shot))
        report[kind] = {"slide": where, "screenshot": shot.name, **state}
        if kind == "formula" and not (state["math"] and state["math"]["visible"]):
            problems.append(f"slides: the formula on slide {where} is not shown ({state['math']})")
        if kind == "figure" and not (state["natural_width"] > 0 and state["img"] and state["img"]["visible"]):
            problems.append(f"slides: the figure on slide {where} did not load ({state})")
    page.close()
    if not ready:
        problems.append("slides: reveal.js did not start (is reveal/ beside the deck?)")
    if refused:
        problems.append(f"slides: the deck asked the network for {sorted(set(refused))}")
    # a file the deck needs and cannot load (reveal/ missing, a broken link); refused ones are reported above
    failed_files = sorted({f"{url} ({why})" for url, why in failed if url not in refused})
    if failed_files:
        problems.append(f"slides: requests failed: {failed_files}")
    if errors:
        problems.append(f"slides: script errors: {errors}")
    report.update(refused_requests=sorted(set(refused)), failed_requests=failed_files, problems=problems)
    return report


def check_slides(
    out: Path, chromium: str = "/usr/bin/chromium", notebook: str = SLIDES_NOTEBOOK, timeout: float = 120
) -> dict:
    """The slide-deck check alone (no JupyterLab): build ``notebook``'s deck, open it offline, screenshot.

    Writes ``slides-formula.png`` and ``slides-figure.png`` to ``out``; returns the report, whose
    ``problems`` list is empty when the deck works.
    """
    from playwright.sync_api import sync_playwright

    from .slides import build_deck

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="slides-check-"))
    try:
        deck = build_deck(notebook, work / "slides").path
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            try:
                return _check_slides(context, deck, out, timeout)
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _markdown(reports: list[dict]) -> str:
    lines = [
        "| notebook | Lab run-all (s) | code cells | errors | explorers | interactions | screenshot |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        if "run_all_seconds" not in r:  # the static site and the slides: their problems are listed below
            continue
        lines.append(
            f"| {r['notebook']} | {r['run_all_seconds']} | {r['code_cells']} | {len(r['errors'])} | "
            f"{r['explorers']} | {'; '.join(r['interactions']) or '-'} | {r['screenshot']} |"
        )
    problems = [p for r in reports for p in r["problems"]]
    lines += ["", "problems: " + ("; ".join(problems) if problems else "none")]
    return "\n".join(lines) + "\n"


def run(
    notebooks: list[Path], out: Path, chromium: str = "/usr/bin/chromium", port: int = 8899, timeout: float = 600
) -> list[dict]:
    """Run ``notebooks`` in JupyterLab in headless Chromium, check the static site and a slide deck; returns the
    reports."""
    from playwright.sync_api import sync_playwright

    from .site import build_editions
    from .slides import build_deck

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="lab-check-"))
    root = work / "course"
    (root / "notebooks").mkdir(parents=True)
    for path in notebooks:  # a scratch copy: Lab saves what it runs, and the repository must not change
        target = root / "notebooks" / path.relative_to(NOTEBOOK_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    site = build_editions(work / "site")[0].parent
    deck = build_deck(SLIDES_NOTEBOOK, work / "slides").path
    token = secrets.token_hex(16)
    lab = _start_lab(root, work, port, token, timeout=120)
    base = f"http://127.0.0.1:{port}"
    reports = []
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                user_data_dir=str(work / "chromium-profile"),
                executable_path=chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
            )
            page = context.pages[0] if context.pages else context.new_page()
            # nothing may leave the machine: only our loopback server answers
            blocked = _refuse_network(page, (base, "data:", "blob:"))
            page.goto(f"{base}/lab?token={token}", timeout=timeout * 1000)
            page.wait_for_function("() => !!window.jupyterapp && window.jupyterapp.started !== undefined")
            page.wait_for_selector(".jp-LabShell", timeout=timeout * 1000)
            for path in notebooks:
                rel = path.relative_to(ROOT).as_posix()
                name = path.stem if path.parent.name == "notebooks" else f"{path.parent.name}-{path.stem}"
                print(f"lab-check: {rel} ...", flush=True)
                report = _check_notebook(page, rel, out / f"{name}.png", timeout, expected_explorers(path))
                print(
                    f"  {report['run_all_seconds']} s, {report['code_cells']} code cells, "
                    f"explorers {report['explorers']}, problems: {report['problems'] or 'none'}",
                    flush=True,
                )
                reports.append(report)
            page.close()
            site_report = _check_site(context, site, out, timeout)
            site_report["lab_refused_requests"] = sorted(set(blocked))  # Lab must not reach outside the machine
            reports.append(site_report)
            print("lab-check: static site offline ...", flush=True)
            reports.append(_check_site_offline(context, site, out, timeout))
            print("lab-check: slide deck offline ...", flush=True)
            reports.append(_check_slides(context, deck, out, timeout))
            context.close()
    finally:
        _stop(lab)
        shutil.rmtree(work, ignore_errors=True)
    (out / "report.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "report.md").write_text(_markdown(reports), encoding="utf-8")
    return reports


def main(argv: list[str] | None = None) -> int:
    """python -m course_utils lab-check [--out DIR] [--chromium PATH] [NOTEBOOK ...]"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course_utils lab-check", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, metavar="NOTEBOOK", help="default: every chapter notebook")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "artifacts" / "lab",
        metavar="DIR",
        help="where the screenshots and the report go (default: artifacts/lab/)",
    )
    parser.add_argument(
        "--chromium",
        default=os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"),
        metavar="PATH",
        help="the Chromium to drive (default: $COURSE_CHROMIUM, else /usr/bin/chromium)",
    )
    parser.add_argument("--port", type=int, default=8899, help="JupyterLab's port on 127.0.0.1 (default: 8899)")
    parser.add_argument(
        "--only",
        choices=("site", "slides"),
        help="run one part alone, without JupyterLab: the static site offline, or a slide deck offline",
    )
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(
            f"lab-check needs Chromium at {args.chromium}: on Debian/Ubuntu `apt-get install chromium`, "
            "or pass --chromium PATH (or set COURSE_CHROMIUM)",
            file=sys.stderr,
        )
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print('lab-check needs Playwright for Python: pip install -e ".[browser]"', file=sys.stderr)
        return 2
    if args.only:
        reports = (
            check_site(args.out, args.chromium) if args.only == "site" else [check_slides(args.out, args.chromium)]
        )
        (args.out / "report.json").write_text(
            json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (args.out / "report.md").write_text(_markdown(reports), encoding="utf-8")
    else:
        zh = [NOTEBOOK_DIR / "zh" / name for name in LAB_ZH if (NOTEBOOK_DIR / "zh" / name).is_file()]
        notebooks = [p.resolve() for p in args.notebooks] or course_notebooks() + zh
        reports = run(notebooks, args.out, args.chromium, args.port)
    problems = [p for r in reports for p in r["problems"]]
    print(_markdown(reports))
    print(f"lab-check: {'FAILED' if problems else 'passed'}; screenshots and report in {args.out}")
    return 1 if problems else 0
