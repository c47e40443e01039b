"""Bad input as a new user would feed it: one clear line naming the file and the
problem, a non-zero exit where the job cannot be done, a warning and a skip where
it can; never a traceback, never a half-written output."""

import os
import signal
import subprocess
import sys
import time

import pytest

from mapper.extract.articles import iter_articles, sniff_encoding

GOOD = "UPDATE 1200 GMT: Regime forces captured Sheikh Saeed on Monday, activists said.\n"


def mapper(*args, cwd=None, env=None):
    proc = subprocess.run(
        [sys.executable, "-m", "mapper.cli", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def folder(tmp_path, files, manifest=None):
    d = tmp_path / "in"
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if manifest is not None:
        (d / "manifest.csv").write_text(manifest, encoding="utf-8")
    return d


def lines_about(stderr, name):
    return [line for line in stderr.splitlines() if name in line]


def test_empty_and_binary_files_are_skipped_with_a_warning(tmp_path):
    d = folder(tmp_path, {"empty.txt": "", "blob.txt": b"\x00\x01\x02\xff" * 50, "ok.txt": GOOD},
               "file,published\nempty.txt,2016-12-13\nblob.txt,2016-12-13\nok.txt,2016-12-13\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    assert len(lines_about(p.stderr, "empty.txt")) == 1 and "empty" in p.stderr
    assert len(lines_about(p.stderr, "blob.txt")) == 1 and "binary" in p.stderr
    assert (tmp_path / "out" / "events.geojson").exists()


def test_nothing_readable_is_an_error(tmp_path):
    d = folder(tmp_path, {"empty.txt": ""}, "file,published\nempty.txt,2016-12-13\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 2
    assert "no readable articles" in p.stderr.splitlines()[-1]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("encoding,text", [
    ("cp1256", "قصف على حي الشيخ سعيد في حلب. Regime forces captured Sheikh Saeed on Monday."),
    ("latin-1", "Café owners in Sheikh Saeed said regime forces captured it on Monday."),
])
def test_non_utf8_files_are_decoded_with_a_warning(tmp_path, encoding, text):
    d = folder(tmp_path, {"a.txt": text.encode(encoding)}, "file,published\na.txt,2016-12-13\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    assert len(lines_about(p.stderr, "a.txt")) == 1 and "not UTF-8" in p.stderr
    mentions = (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8")
    assert "sheikh_saeed" in mentions


# English reports with French names; the last sentence is the event, so its decoded
# text reaches events.csv.
LATIN = ("Alep, 13/12/2016\n\nHélène Dubois of the Mouvement pour la paix said Alep a été "
         "reprise. Hélène's sources said regime forces captured Sheikh Saeed on Monday.\n")
WINDOWS = LATIN.replace("said Alep a été reprise", "said “Alep a été reprise” – again")
CZECH = ("Aleppo, 13/12/2016\n\nSyrské vládní síly dobyly v pondělí čtvrť Šajch Saíd, "
         "uvedli aktivisté. Přes tisíc lidí prchá před bombardováním, řekl mluvčí.\n")
POLISH = ("Aleppo, 13/12/2016\n\nSiły rządowe zdobyły w poniedziałek dzielnicę Szejk Said, "
          "poinformowali działacze. Mieszkańcy uciekają przed ostrzałem, powiedział rzecznik.\n")
ARABIC = ("Aleppo, 13/12/2016\n\nقصف على حي الشيخ سعيد في حلب. "
          "Regime forces captured Sheikh Saeed on Monday.\n")


@pytest.mark.parametrize("encoding,text,named", [
    # No byte in 0x80-0x9F: plain ISO-8859-1, named so (not cp1250, which reads è as č).
    ("latin-1", LATIN, "latin-1 (ISO-8859-1)"),
    # Curly quotes and a dash at 0x93 0x94 0x96: Windows Western.
    ("cp1252", WINDOWS, "cp1252 (Windows Western)"),
    # Polish and Czech letters (ř ě ą ł read as ø ì ¹ ³ in cp1252): Central European.
    ("cp1250", CZECH, "cp1250 (Windows Central European)"),
    ("cp1250", POLISH, "cp1250 (Windows Central European)"),
    ("cp1256", ARABIC, "cp1256 (Windows Arabic)"),
])
def test_single_byte_code_page_is_named_and_decoded_exactly(tmp_path, encoding, text, named):
    d = folder(tmp_path, {"a.txt": text.encode(encoding)}, "file,published\na.txt,2016-12-13\n")
    warnings: list[str] = []
    (art,) = iter_articles([d], warnings)
    assert art.text == text
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    assert lines_about(p.stderr, "a.txt") == [f"mapper: warning: {d / 'a.txt'}: not UTF-8; "
                                              f"decoded as {named}"]
    assert warnings == [f"{d / 'a.txt'}: not UTF-8; decoded as {named}"]
    if encoding in ("latin-1", "cp1252"):
        events = (tmp_path / "out" / "events.csv").read_text(encoding="utf-8")
        assert "Hélène's sources said regime forces captured Sheikh Saeed" in events


def test_html_page_text_is_read_and_scripts_ignored(tmp_path):
    page = ("<html><head><script>var x = 'Bustan al-Qasr';</script><style>.a{}</style></head>"
            "<body><nav>Home | Kafr Hamra | About</nav><article><p>" + GOOD + "</p></article></body></html>")
    d = folder(tmp_path, {"a.html": page}, "file,published\na.html,2016-12-13\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    mentions = (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8")
    assert "sheikh_saeed" in mentions
    assert "bustan_al_qasr" not in mentions and "kafr_hamra" not in mentions


def test_manifest_problems_each_get_one_line(tmp_path):
    d = folder(tmp_path, {"a.txt": GOOD, "b.txt": GOOD},
               "file,published\na.txt,2016-12-13\nmissing.txt,2016-12-01\nb.txt,13/12/2016\na.txt,2016-12-14\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    assert len(lines_about(p.stderr, "missing.txt")) == 1
    assert len([x for x in lines_about(p.stderr, "manifest.csv") if "13/12/2016" in x]) == 1
    assert len([x for x in lines_about(p.stderr, "manifest.csv") if "duplicate" in x]) == 1


def test_manifest_without_required_columns_is_an_error(tmp_path):
    d = folder(tmp_path, {"a.txt": GOOD}, "name,date\na.txt,2016-12-13\n")
    p = mapper("extract", d, "-o", tmp_path / "out")
    assert p.returncode == 2
    assert "manifest.csv" in p.stderr and p.stderr.count("\n") == 1


def test_corrupt_user_gazetteer_row_is_skipped_with_a_warning(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "places.csv").write_text(
        "id,name,kind,parent,lat,lon\nbroken,Broken,town,syria,north,east\n", encoding="utf-8")
    env = {**os.environ, "MAPPER_USER_DIR": str(user)}
    p = mapper("gazetteer", "find", "Sheikh Saeed", env=env)
    assert p.returncode == 0 and "sheikh_saeed" in p.stdout
    assert len(lines_about(p.stderr, "places.csv:2")) == 1


def test_unwritable_output_is_one_line_and_exit_5(tmp_path):
    d = folder(tmp_path, {"a.txt": GOOD}, "file,published\na.txt,2016-12-13\n")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = mapper("extract", d, "-o", blocker / "out")
    assert p.returncode == 5
    assert p.stderr.strip().count("\n") == 0 and str(blocker) in p.stderr


def test_interrupted_build_leaves_no_half_written_site(tmp_path):
    d = folder(tmp_path, {f"a{i:03d}.txt": GOOD * 400 for i in range(60)},
               "file,published\n" + "".join(f"a{i:03d}.txt,2016-12-13\n" for i in range(60)))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    scratch = tmp_path / "tmp"  # the build's temporary files go here: we can watch them
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "mapper.cli", "build", str(d), "-o", str(site), "-j", "2"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 120
    # Interrupt once the extraction runs (its spool exists), not while Python starts.
    while not any(scratch.glob("mapper-spool-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    if proc.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert proc.returncode == 130, err
    assert err.strip() == "mapper: interrupted; no output was half-written"
    assert (site / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "site", "tmp"]
    assert list(scratch.iterdir()) == []  # no temporary file left behind


def test_place_no_gazetteer_knows_is_named_in_the_summary(tmp_path):
    text = "UPDATE 1200 GMT: Regime forces captured the village of Tell Shughaib on Monday.\n"
    d = folder(tmp_path, {"a.txt": text}, "file,published\na.txt,2016-12-13\n")
    p = mapper("build", d, "-o", tmp_path / "site")
    assert p.returncode == 0
    assert "Tell Shughaib" in p.stderr + p.stdout


def test_latin1_head_of_a_larger_file_is_read_as_cp1252():
    # Only the head was seen: a later byte in 0x80-0x9F is a curly quote or a dash
    # in cp1252 but a control character in ISO-8859-1, so cp1252 is the safe reading.
    head = LATIN.encode("latin-1")
    assert sniff_encoding(head, complete=True) == "latin-1"
    assert sniff_encoding(head, complete=False) == "cp1252"
