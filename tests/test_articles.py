"""Reading article files: formats, encodings, bad input, manifests, publication dates."""

from __future__ import annotations

import logging
import random
import shutil
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from mapper.errors import InputError, ManifestError
from mapper.extract.articles import iter_articles, read_manifest, sniff_encoding
from mapper.extract.published import infer_published
from mapper.extract.textformats import html_to_text, markdown_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

ARABIC = (
    "قالت مصادر في المعارضة إن القوات الحكومية دخلت حي الشيخ سعيد في شرق حلب يوم الاثنين، "
    "وإن مئات المدنيين نزحوا نحو الأحياء المتبقية.\n"
)
FRENCH = (
    "Le régime a repris le quartier de Cheikh Saïd à Alep-Est lundi ; les civils ont fui "
    "vers la Vieille Ville, selon des témoins. « Ça ne s'arrête pas », dit un infirmier.\n"
)


def _read(paths, **kw):
    warnings: list[str] = []
    return list(iter_articles(paths, warnings, **kw)), warnings


def test_fixture_folder_is_read_in_name_order_with_inferred_dates():
    arts, warnings = _read([FIXTURES])
    assert [a.id for a in arts] == ["aleppo_wire.html", "homs_dispatch.md", "idlib_liveblog.txt"]
    assert {a.id: a.published for a in arts} == {
        "aleppo_wire.html": date(2016, 12, 9),
        "homs_dispatch.md": date(2016, 12, 15),
        "idlib_liveblog.txt": date(2017, 3, 3),
    }
    assert all(a.published_basis.startswith("inferred: ") for a in arts)
    assert len(warnings) == 3 and all("inferred" in w for w in warnings)


def test_html_keeps_article_text_and_drops_scripts_styles_navigation():
    (art,), _ = _read([FIXTURES / "aleppo_wire.html"])
    text = art.text
    for kept in ("Evacuation buses leave eastern Aleppo", "out of the eastern districts of Aleppo",
                 "The convoy & its escort", "Buses wait at the crossing.",
                 "First convoy: 13 buses\nSecond convoy: 8 ambulances"):
        assert kept in text
    for dropped in ("trackingId", "tracking text", "injected", "font-family", "Middle East",
                    "ticker", "Sidebar", "Subscribe", "enable JavaScript", "Copyright",
                    "hidden promo", "<", ">"):
        assert dropped not in text
    # Paragraphs and headings are separated by blank lines.
    assert "Evacuation buses leave eastern Aleppo\n\nDecember 9, 2016\n\nGreen buses" in text


def test_html_converter_handles_nested_skipped_elements_and_entities():
    html = ("<div><nav><nav>inner</nav>still nav</nav><p>A&nbsp;&quot;quoted&quot; "
            "word<br>next line</p><aside hidden>x</aside><p>end</p></div>")
    assert html_to_text(html) == 'A "quoted" word\nnext line\n\nend'


def test_markdown_markup_is_stripped_and_offsets_are_into_plain_text():
    (art,), _ = _read([FIXTURES / "homs_dispatch.md"])
    text = art.text
    assert text.startswith("Shelling Resumes in Northern Homs\n")
    assert "Rockets hit the town of Talbiseh on Thursday" in text
    assert "three schools were closed. See the casualty list and the map for details." in text
    assert '"We heard the first explosions at 6 a.m.," one resident said.' in text
    for markup in ("#", "**", "_three", "](", "`", "![", "[ref]", "> "):
        assert markup not in text
    start = text.index("Talbiseh")
    assert text[start : start + len("Talbiseh")] == "Talbiseh"


def test_markdown_keeps_snake_case_and_lists():
    md = "- item one\n- item_two_here\n\n1. first\n"
    assert markdown_to_text(md) == md


def test_cp1256_arabic_file_is_decoded_and_named(tmp_path):
    path = tmp_path / "aleppo_ar.txt"
    path.write_bytes(("مراسلنا — 09.12.2016\n\n" + ARABIC).encode("cp1256"))
    (art,), warnings = _read([path])
    assert ARABIC in art.text
    assert any("aleppo_ar.txt" in w and "decoded as cp1256" in w for w in warnings)


def test_latin1_file_is_decoded_and_named(tmp_path):
    path = tmp_path / "alep_fr.txt"
    path.write_bytes(("Alep, 13/12/2016\n\n" + FRENCH).encode("latin-1"))
    (art,), warnings = _read([path])
    assert FRENCH in art.text
    assert any("alep_fr.txt" in w and "not UTF-8; decoded as" in w for w in warnings)


def test_utf8_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle line\r\n\r\nDamascus, 3 March 2017 — text.\r\n".encode())
    (art,), _ = _read([path])
    assert art.text == "Title line\n\nDamascus, 3 March 2017 — text.\n"
    assert art.published == date(2017, 3, 3)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file_is_skipped_with_a_warning(tmp_path, content, caplog):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="mapper.extract"):
        arts, warnings = _read([path])
    assert arts == []
    assert len(warnings) == 1 and "empty.txt" in warnings[0] and "empty file" in warnings[0]
    assert warnings[0] in caplog.text


def test_binary_file_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    good = tmp_path / "z_good.txt"
    good.write_text("Report of 15/12/16\n\nRebels left the city.\n", encoding="utf-8")
    arts, warnings = _read([tmp_path])
    assert [a.id for a in arts] == ["z_good.txt"]
    assert any("photo.txt" in w and "binary file" in w and "skipped" in w for w in warnings)


def test_sniff_encoding_reports_binary_and_empty():
    with pytest.raises(InputError, match="binary"):
        sniff_encoding(b"abc\x00def", "x.bin")
    with pytest.raises(InputError, match="empty"):
        sniff_encoding(b"", "x.txt")
    assert sniff_encoding("naïve".encode()) == "utf-8"


def test_file_without_any_date_is_skipped_with_the_fix(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Rebels withdrew from the town on Monday.\n", encoding="utf-8")
    arts, warnings = _read([path])
    assert arts == []
    assert warnings == [
        f"{path}: no publication date: add it to manifest.csv (file,published); skipped"
    ]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        _read([tmp_path / "nope"])


def _manifest_folder(tmp_path: Path, manifest: str) -> Path:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Article {name}\n\nText without a date.\n", "utf-8")
    (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    return tmp_path


def test_manifest_bad_rows_are_warned_with_line_and_skipped(tmp_path):
    folder = _manifest_folder(tmp_path, (
        "file,published,title,source,date_evidence\n"
        "a.txt,2016-12-13,Title A,EA WorldView,from the link\n"
        "missing.txt,2016-12-14,,,\n"
        "b.txt,13/12/2016,,,\n"
        "a.txt,2016-12-20,Again,,\n"
        "c.txt,2016-12-15\n"
    ))
    warnings: list[str] = []
    rows = read_manifest(folder, warnings)
    assert sorted(rows) == ["a.txt", "c.txt"]
    assert rows["a.txt"].published == date(2016, 12, 13) and rows["a.txt"].title == "Title A"
    manifest = folder / "manifest.csv"
    assert warnings[0].startswith(f"{manifest} line 3: names 'missing.txt', but there is no such file")
    assert warnings[1].startswith(f"{manifest} line 4: bad date '13/12/2016' for 'b.txt'")
    assert warnings[2].startswith(f"{manifest} line 5: duplicate row for 'a.txt' (first on line 2)")
    assert all(w.endswith("row skipped") for w in warnings)

    arts, all_warnings = _read([folder])
    assert [(a.id, a.published, a.published_basis) for a in arts] == [
        ("a.txt", date(2016, 12, 13), "manifest"), ("c.txt", date(2016, 12, 15), "manifest")]
    assert arts[0].source == "EA WorldView"
    assert any("b.txt: no publication date" in w for w in all_warnings)


def test_manifest_without_required_columns_is_an_error(tmp_path):
    folder = _manifest_folder(tmp_path, "name,date\na.txt,2016-12-13\n")
    with pytest.raises(ManifestError, match="missing column.*file.*published"):
        read_manifest(folder)
    with pytest.raises(ManifestError):
        _read([folder])


def test_manifest_year_helps_a_link_without_year(tmp_path):
    folder = _manifest_folder(tmp_path, "file,published\na.txt,2016-12-13\n")
    (folder / "d.txt").write_text(
        "Live blog\n\nSee Syria Daily, Dec 12: Earlier news\n\nRebels said so in 2014.\n", "utf-8")
    arts, _ = _read([folder / "d.txt"])
    assert arts[0].published == date(2016, 12, 13)
    assert "other articles" in arts[0].published_basis


def test_infer_published_from_previous_day_link():
    text = ("Syria Daily: Convoys Leave\n\nORIGINAL ENTRY: Buses left on Thursday.\n\n"
            "See Syria Daily, Dec 12: Palmyra Falls Again\n\nA dated wire: 04/12/2016.\n")
    day, evidence = infer_published(text)
    assert day == date(2016, 12, 13)
    assert "previous day" in evidence and "Dec 12" in evidence


def test_infer_published_from_two_digit_year_dateline():
    assert infer_published("Graffiti reads 'We will return 15/12/16'.\n")[0] == date(2016, 12, 15)
    # Month first only when day first is impossible; month names in both orders.
    assert infer_published("Posted 12/25/2016.")[0] == date(2016, 12, 25)
    assert infer_published("Filed 9 December 2016, Beirut.")[0] == date(2016, 12, 9)
    assert infer_published("Moscow, Dec. 8, 2016 (wire)")[0] == date(2016, 12, 8)
    assert infer_published("Version 1.2.3 and 3.5 km") is None


def test_infer_published_prefers_a_link_over_a_quoted_date_and_body_over_comments():
    text = ("Blog\n\nThe graffiti said 15/12/16.\n\nSee more in Syria Daily, Dec 15: Buses\n\n"
            "Comments\n\n  1. Wire 20:08 20.12.2016 says otherwise.\n")
    day, evidence = infer_published(text)
    assert day == date(2016, 12, 16) and "Syria Daily, Dec 15" in evidence


def test_large_file_is_read_in_parts_in_bounded_memory(tmp_path):
    paragraph = ("Pro-government forces shelled the district again, residents said. " * 8
                 + "\n\n")
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Huge report, 13/12/2016\n\n")
        for _ in range(24_000):  # about 13 MB
            fh.write(paragraph)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        total = 0
        ids = []
        for art in iter_articles([path], large_file_bytes=2_000_000, part_chars=1_000_000):
            ids.append(art.id)
            assert art.published == date(2016, 12, 13)
            assert art.text.endswith("\n\n") or art.text.endswith("said. ")
            total += len(art.text)
            del art
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size
    assert ids[0] == "huge.txt#part0001" and len(ids) >= 12
    # A few parts' worth (the read buffer, the text pending a cut, the part handed
    # out), however large the file: tests/test_streaming.py shows it stays flat.
    assert peak < 10 * 1_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"


def test_seeds_folder_reads_with_manifest(tmp_path):
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds/ not present")
    shutil.copytree(seeds, tmp_path / "seeds")
    arts, warnings = _read([tmp_path / "seeds"])
    assert len(arts) == 5 and warnings == []
    assert all(a.published_basis == "manifest" for a in arts)


def test_year_of_a_link_is_the_later_of_neighbours_and_mentioned_years():
    text = "Blog\n\nSee Syria Daily, Mar 2: Earlier\n\nFighting since 2015, worse in 2017.\n"
    assert infer_published(text, year_hint=2016)[0] == date(2017, 3, 3)
    assert infer_published(text, year_hint=2018)[0] == date(2018, 3, 3)
    assert infer_published(text)[0] == date(2017, 3, 3)
    # Years in reader comments are only a last resort.
    text = "Blog\n\nSee Syria Daily, Dec 12: Earlier\n\nComments\n\n  1. Back in 2012 it was.\n"
    assert infer_published(text, year_hint=2016)[0] == date(2016, 12, 13)
    assert infer_published(text)[0] == date(2012, 12, 13)
    assert infer_published("Blog\n\nSee Syria Daily, Dec 12: no year anywhere\n") is None


def test_parts_keep_to_their_size_when_one_read_holds_many(tmp_path):
    path = tmp_path / "blog.txt"
    path.write_text("Report, 13/12/2016\n\n" + "Shelling hit the district again today.\n\n" * 3000,
                    encoding="utf-8")
    parts = list(iter_articles([path], large_file_bytes=10_000, part_chars=5_000))
    assert len(parts) >= 20
    assert all(2_500 <= len(p.text) <= 5_000 for p in parts[:-1])
    assert all(p.text.endswith("\n\n") for p in parts[:-1])  # cut at blank lines
    assert "".join(p.text for p in parts) == path.read_text(encoding="utf-8")


def test_parts_of_a_live_blog_begin_at_update_headings(tmp_path):
    # Entries of several paragraphs: a cut at any blank line would part an entry from its time.
    rng = random.Random(5)
    entries = []
    for minutes in range(24 * 60 - 1, 0, -7):
        paragraphs = ["Shelling hit the district again, residents said." * rng.randint(1, 4)
                      for _ in range(rng.randint(2, 5))]
        entries.append(f"UPDATE {minutes // 60:02d}{minutes % 60:02d} GMT: " + "\n\n".join(paragraphs))
    path = tmp_path / "blog.txt"
    path.write_text("Live blog, 13/12/2016\n\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    parts = list(iter_articles([path], large_file_bytes=10_000, part_chars=6_000))
    assert len(parts) >= 10
    assert all(p.text.startswith("UPDATE ") for p in parts[1:])
    assert all(3_000 <= len(p.text) <= 6_000 for p in parts[:-1])
    assert "".join(p.text for p in parts) == path.read_text(encoding="utf-8")
