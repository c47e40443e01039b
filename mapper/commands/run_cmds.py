"""``mapper extract | evaluate | build | render | serve``: the pipeline's commands.

Each handler normalises its arguments and calls the same public function the
Python API offers; the heavy modules are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_SEEDS = "seeds"
DEFAULT_SITE = "site"


def _paths(args: argparse.Namespace) -> list[str]:
    return list(args.paths) if args.paths else [DEFAULT_SEEDS]


def _geofill(args: argparse.Namespace) -> None:
    if args.geocoder:
        from mapper.geofill import fill_unknown_places

        fill_unknown_places(_paths(args), args.geocoder, include_comments=args.include_comments)


def _say(args: argparse.Namespace, lines: list[str]) -> None:
    if not args.quiet:
        for line in lines:
            print(f"mapper: {line}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    """Articles in; events, control changes and mentions out."""
    from mapper.pipeline import extract_to
    from mapper.summary import extraction_summary

    _geofill(args)
    # Streams records through a spool on disk: memory does not grow with the corpus.
    report = extract_to(_paths(args), Path(args.output), include_comments=args.include_comments,
                        progress=not args.quiet, jobs=args.jobs)
    _say(args, extraction_summary(report.counts, report.warnings)
         + [f"wrote {len(report.files)} file(s) to {args.output}/"])
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score extraction output against hand-annotated gold data."""
    from mapper.evaluate import evaluate, evaluate_by_article, format_by_article, format_scores

    scores = evaluate(args.gold, args.pred, include_comments=args.include_comments)
    print(format_scores(scores, details=args.details))
    if args.by_article:
        print(format_by_article(evaluate_by_article(args.gold, args.pred,
                                                    include_comments=args.include_comments)))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Articles to map in one step."""
    from mapper.build import build

    _apply_settings(args)
    _geofill(args)
    result = build(_paths(args), Path(args.output), baseline=args.baseline, progress=not args.quiet,
                   include_comments=args.include_comments, jobs=args.jobs)
    _say(args, _site_lines(result, with_summary=True))
    return 0


def _site_lines(result, with_summary: bool = False) -> list[str]:
    lines = list(result.summary) if with_summary else []
    lines += [f"share of East Aleppo: {line}" for line in result.share_comparison]
    if result.districts_without_shape:
        lines.append(f"districts without a shape (not drawn): {', '.join(result.districts_without_shape)}")
    days = f"{result.days[0]} to {result.days[-1]}" if result.days else "no days"
    lines.append(f"map: {result.districts_drawn} district(s), {result.incidents} incident(s), {days}; "
                 f"open {result.site / 'index.html'}")
    return lines


def cmd_render(args: argparse.Namespace) -> int:
    """Re-render chosen layers from saved extraction output."""
    from mapper.build import render

    _apply_settings(args)
    only = tuple(s.strip() for s in args.only.split(",")) if args.only else None
    result = render(Path(args.from_dir), Path(args.output), only=only, baseline=args.baseline,
                    progress=not args.quiet)
    _say(args, _site_lines(result))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the built site on localhost."""
    from mapper.serve import serve

    serve(Path(args.site), port=args.port)
    return 0


def _apply_settings(args: argparse.Namespace) -> None:
    from mapper import settings

    if args.leaflet:
        settings.leaflet_dir = Path(args.leaflet)


def _leaflet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--leaflet", metavar="DIR",
        help="Leaflet's dist folder (npm install leaflet): copied into the site so it opens with no network",
    )


def _geocoder_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--geocoder", choices=("nominatim",), metavar="SERVICE",
        help="opt in: look up online (Nominatim, 1 request/s, cached) the places the gazetteer lacks",
    )


def _process_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of processes (0 = automatic)")
    return value


def _jobs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j", "--jobs", type=_process_count, default=0, metavar="N",
        help="worker processes reading articles (default 0: one per core when the input is over 2 MB)",
    )


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the pipeline commands."""
    p = sub.add_parser("extract", help="extract events, control changes and place mentions")
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"article files or folders (default: {DEFAULT_SEEDS}/)")
    p.add_argument("-o", "--output", default="out", metavar="DIR", help="output folder (default: out/)")
    p.add_argument("--include-comments", action="store_true", help="also read reader comments for events")
    _jobs_option(p)
    _geocoder_option(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("evaluate", help="precision, recall and F1 against gold annotations")
    p.add_argument("gold", metavar="GOLD", help="gold folder, e.g. tests/gold")
    p.add_argument("--pred", default="out", metavar="DIR", help="extraction output folder (default: out/)")
    p.add_argument("--include-comments", action="store_true")
    p.add_argument("--details", action="store_true", help="list misses and false positives")
    p.add_argument("--by-article", action="store_true",
                   help="also score each article against its own gold only (stricter for control and incidents)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("build", help="articles to site/index.html in one step")
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"article files or folders (default: {DEFAULT_SEEDS}/)")
    p.add_argument("-o", "--output", default=DEFAULT_SITE, metavar="DIR", help="site folder (default: site/)")
    p.add_argument("--baseline", metavar="FILE", help="your own baseline control CSV")
    p.add_argument("--include-comments", action="store_true", help="also read reader comments for events")
    _jobs_option(p)
    _geocoder_option(p)
    _leaflet_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("render", help="re-render layers from saved extraction output")
    p.add_argument("--from", dest="from_dir", required=True, metavar="DIR", help="folder written by `mapper extract`")
    p.add_argument("-o", "--output", default=DEFAULT_SITE, metavar="DIR")
    p.add_argument("--only", metavar="LAYERS", help="comma-separated, e.g. control,incidents")
    p.add_argument("--baseline", metavar="FILE")
    _leaflet_option(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("serve", help="serve site/ on localhost")
    p.add_argument("--site", default=DEFAULT_SITE, metavar="DIR")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
