"""The browser test's own logic (the browser run itself is CI's `python -m course_utils lab-check`)."""

from course_utils.paths import course_notebooks
from course_utils.tools import labcheck


def test_explorers_are_counted_from_the_code_that_builds_them():
    counts = {p.name: labcheck.expected_explorers(p) for p in course_notebooks()}
    assert counts["00_start_here.ipynb"] == 0 and counts["03_nnlm.ipynb"] == 0  # progress bars are not explorers
    assert counts["04_backprop.ipynb"] == 1 and counts["08_glove.ipynb"] == 2 and counts["09_elmo.ipynb"] == 1


def test_the_report_lists_each_notebook_and_every_problem():
    reports = [
        {"notebook": "a.ipynb", "run_all_seconds": 1.5, "code_cells": 3, "errors": [], "explorers": "1 of 1",
         "interactions": ["slider ArrowRight: output changed"], "screenshot": "a.png", "problems": []},
        {"notebook": "b.ipynb", "run_all_seconds": 2.0, "code_cells": 4, "errors": [[2, "ValueError: x"]],
         "explorers": "0 of 1", "interactions": [], "screenshot": "b.png",
         "problems": ["cell 2: ValueError: x", "1 explorers expected, 0 rendered"]},
        {"notebook": "static site", "problems": []},
    ]  # fmt: skip
    text = labcheck._markdown(reports)
    assert "| a.ipynb | 1.5 | 3 | 0 | 1 of 1 | slider ArrowRight: output changed | a.png |" in text
    assert "| b.ipynb | 2.0 | 4 | 1 | 0 of 1 | - | b.png |" in text
    assert text.rstrip().endswith("problems: cell 2: ValueError: x; 1 explorers expected, 0 rendered")


def test_missing_chromium_is_a_clear_error(capsys, tmp_path):
    assert labcheck.main(["--chromium", str(tmp_path / "no-chromium")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err


def test_a_printed_pdf_is_read_for_its_pages_and_figures():
    """The site check counts a PDF's pages and its figure-sized images (Chromium writes both uncompressed)."""
    data = (
        b"<</Type /Pages /Kids [3 0 R 4 0 R] /Count 2>>\n"
        b"<</Type /Page\n/Parent 2 0 R>>\n<</Type /Page /Parent 2 0 R>>\n"
        b"<</Type /XObject\n/Subtype /Image\n/Width 598\n/Height 414\n/BitsPerComponent 8>>\n"
        b"<</Type /XObject /Subtype /Image /Width 16 /Height 16>>"
    )
    assert labcheck._pdf_facts(data) == {"bytes": len(data), "pages": 2, "images": 2, "large_images": 1}


def test_one_part_can_run_alone_and_still_needs_chromium(capsys, tmp_path):
    assert labcheck.main(["--only", "site", "--chromium", str(tmp_path / "no-chromium")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err
    assert labcheck.SITE_PRINT in labcheck.SITE_PAGES and labcheck.SITE_SEARCH[1] in labcheck.SITE_PAGES
