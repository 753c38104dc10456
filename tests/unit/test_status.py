"""`helpsite status` and the dashboard's chart."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from helpsite.translation.status import COLOURS, STATES, LocaleStatus, status_legend, status_svg

from ..conftest import article


def test_status_of_the_example_site(site_copy):
    result = site_copy.helpsite("status", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["locale"]: row for row in json.loads(result.stdout)}
    assert rows["en"]["source"] and rows["en"]["source_pages"] == 9 and rows["en"]["coverage"] == 1.0
    dutch = rows["nl"]
    # reset-password and the writer's guide are reviewed; payment-declined is outdated; close-account
    # is missing; the rest are machine-translated.
    assert (dutch["reviewed"], dutch["machine"], dutch["outdated"], dutch["missing"], dutch["orphans"]) == (2, 5, 1, 1, 0)
    assert sum(dutch[state] for state in STATES) == dutch["source_pages"]
    assert rows["de"]["missing"] == 9 and rows["de"]["coverage"] == 0.0


def test_orphans_and_untyped_translations_are_counted(project):
    project.write("docs/en/a.md", article("A"))
    project.write("docs/en/b.md", article("B"))
    project.write("docs/nl/a.md", article("A nl", ms_contentlocale="nl-NL"))
    project.write("docs/nl/only-here.md", article("Alleen hier", ms_contentlocale="nl-NL"))
    rows = {row["locale"]: row for row in json.loads(project.helpsite("status", "--format", "json").stdout)}
    assert (rows["nl"]["untyped"], rows["nl"]["missing"], rows["nl"]["orphans"], rows["nl"]["translated"]) == (1, 1, 1, 1)


def test_the_table_names_every_locale(site_copy):
    table = site_copy.helpsite("status").stdout
    assert "Nederlands (nl)" in table and "Deutsch (de)" in table and "89%" in table


def test_the_chart_is_valid_svg_with_escaped_names_and_proportional_bars():
    rows = [
        LocaleStatus("en", "English", True, 10),
        LocaleStatus("xx", "<script>alert(1)</script>", False, 10, reviewed=5, machine=3, missing=2),
    ]
    svg = status_svg(rows)
    root = ET.fromstring(svg)  # well-formed
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title") is not None]
    widths = [float(r.get("width").removesuffix("%")) for r in bars]  # shares of the page's width: the text keeps its size
    assert len(bars) == 3 and abs(sum(widths) - 100) < 0.05 and root.get("width") == "100%" and root.get("viewBox") is None
    assert abs(widths[0] / widths[1] - 5 / 3) < 0.01
    assert [float(r.get("x").removesuffix("%")) for r in bars] == [0, 50, 80]


def test_the_legend_names_every_state_in_the_readers_language_escaped():
    legend = status_legend({"reviewed": "nagekeken", "missing": "<b>ontbreekt</b>"})
    root = ET.fromstring(legend)  # well-formed, and the label's markup is text
    assert ["".join(item.itertext()).strip() for item in root] == ["nagekeken", "machine", "untyped", "outdated", "<b>ontbreekt</b>"]
    assert root.find(".//b") is None
    assert [item.find("{http://www.w3.org/2000/svg}svg/{http://www.w3.org/2000/svg}rect").get("fill") for item in root] == [
        COLOURS[state] for state in STATES
    ]
