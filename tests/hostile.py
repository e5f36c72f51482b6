"""A hostile registry: payloads in every field that reaches a page, and a scanner that
reads the built files as a browser would and reports any payload that went live.

Every payload carries the marker ``lr-pwn`` (an element or attribute name, a script
call, a URL) or ``lr-md`` (Markdown syntax that must stay literal). Text is data: the
marker may appear as text anywhere, never as markup.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib

from gitrepo import GitRepo
from sitebuild import REPO

#: Breaks out of every context we know: <title>, <textarea>, attributes (both quotes),
#: comments, CDATA, script, Markdown links/emphasis/attribute lists, Jinja.
PAYLOADS = [
    "</title><lr-pwn></lr-pwn><script>document.title='lr-pwn';alert('lr-pwn')</script>",
    "</textarea><img src=x onerror=\"alert('lr-pwn')\" lr-pwn>",
    "\"><lr-pwn lr-pwn=1></lr-pwn><svg onload=alert('lr-pwn')>",
    "' lr-pwn='1' onmouseover='alert(1)",
    "--><lr-pwn></lr-pwn><!--",
    "]]><lr-pwn/><![CDATA[",
    "[lr-md-link](javascript:alert('lr-pwn')) **lr-md-bold** _lr-md-em_ `lr-md-code`",
    "{: lr-pwn=1 onclick=\"alert('lr-pwn')\" } {{ 7*7 }} {% raw %} | lr-md-cell |",
    "- lr-md-list\n\n# lr-md-heading\n!!! note lr-md-admonition\n<lr-pwn>",
    "\x1b[31mlr-pwn-ansi\x1b]8;;javascript:alert(1)\x07\r\n::error::lr-pwn-command",
    "&lt;lr-pwn&gt; &#60;lr-pwn&#62; %3Clr-pwn%3E",
]


def payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML), control characters kept."""
    return json.dumps(value)


def write_hostile_registry(dest: Path) -> Path:
    """The bundled example registry plus hostile models, owners and policy."""
    shutil.copytree(REPO / "registry", dest)
    owners = (dest / "owners.yaml").read_text("utf-8")
    owners = owners.replace(
        "people:\n",
        f"people:\n  hostil.persona:\n    name: {_q(payload(0))}\n    email: {_q(payload(3) + '@example.com')}\n    team: hostil-equipo\n    chat: {_q(payload(1))}\n",
        1,
    )
    owners = owners.replace(
        "teams:\n",
        f"teams:\n  hostil-equipo:\n    name: {_q(payload(2))}\n    channel: {_q(payload(7))}\n",
        1,
    )
    (dest / "owners.yaml").write_text(owners, "utf-8")
    policy = dest / "policy.yaml"
    text = policy.read_text("utf-8") if policy.exists() else ""
    policy.write_text(text + f"\n# {payload(0)}\n", "utf-8")
    models = dest / "models"
    for i, name in enumerate(["hostil-a", "hostil-b", "hostil-c"]):
        folder = models / name
        folder.mkdir()
        (folder / "model.yaml").write_text(_manifest(name, i), "utf-8")
        rows = ["date,performance,input_drift,volume,error_rate,output_min,output_max"]
        for week in range(1, 13):
            rows.append(f"2026-{8 + week // 5:02d}-{1 + (week % 5) * 6:02d},0.8,0.1,1000,0.01,0,1")
        rows.append(f'2026-11-09,"{payload(i + 4)}",0.1,1000,0.01,0,1')
        (folder / "monitoring.csv").write_text("\n".join(rows) + "\n", "utf-8")
    # Folder names a browser or a shell would read: quotes, tags, a newline-free breakout.
    for name in ['x"><lr-pwn>', "a'b lr-pwn=1", "&lt;lr-pwn&gt;"]:
        folder = models / name
        folder.mkdir()
        (folder / "model.yaml").write_text(_manifest(name, 1), "utf-8")
    return dest


_DASHBOARD = json.dumps('https://grafana.example.com/d/x" lr-pwn="1')


def _manifest(model_id: str, i: int) -> str:
    return f"""\
id: {_q(model_id)}
name: {_q(payload(i))}
description: {_q(payload(i + 1))}
stage: produccion
owner: {"hostil.persona" if i == 0 else _q(payload(i + 2))}
team: {"hostil-equipo" if i != 2 else _q(payload(i + 3))}
version: {_q(payload(i + 4))}
links:
  runbook: {_q("javascript:alert('lr-pwn')")}
  dashboard: {_DASHBOARD}
  repository: {_q("data:text/html,<script>alert('lr-pwn')</script>")}
readiness:
  contract: {_q(payload(i + 5))}
  tests: {_q("https://ci.example.com/1?a=<lr-pwn>")}
  review: {{by: {_q(payload(i + 6))}, date: 2026-01-10}}
validation:
  baseline: {{name: {_q(payload(i + 7))}, metric: auc, value: 0.7}}
  result: {{metric: {_q(payload(i + 8))}, value: 0.8}}
artifact: {{kind: {_q(payload(i + 9))}, uri: {_q(payload(i + 10))}}}
tracking:
  {_q(payload(i))}: {_q(payload(i + 1))}
monitoring:
  performance: {{metric: {_q(payload(i + 2))}, min: 0.7}}
  output_range: [0, 1]
rollback: {{strategy: {_q(payload(i + 3))}, previous_version: {_q(payload(i + 4))}}}
history:
  - {{date: 2026-01-05, stage: produccion, version: {_q(payload(i + 5))}, decision: {_q(payload(i + 6))}, by: {_q(payload(i + 7))}}}
waivers:
  - {{rule: {_q(payload(i + 8))}, reason: {_q(payload(i + 9))}, approved_by: {_q(payload(i + 10))}, expires: 2027-01-01}}
  - {{rule: retirement-plan, reason: {_q(payload(i))}, approved_by: {_q(payload(i + 1))}, expires: 2027-01-01}}
"""


def hostile_git(project: Path) -> None:
    """Commit the project with hostile subjects and author names (the git history)."""
    repo = GitRepo(project)
    repo.commit(
        payload(0) + "\n\n" + payload(1), "2026-10-01", author=f"{payload(2)} <x@example.com>"
    )
    (project / "registry" / "models" / "hostil-a" / "notes.txt").write_text("x", "utf-8")
    repo.commit(payload(6), "2026-10-02", author=f"{payload(7)} <y@example.com>")


# -- the scanner ---------------------------------------------------------------------------

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
_BAD_SCHEMES = ("javascript:", "data:text/html", "vbscript:")
_MARKUP_MD = {"strong", "em", "b", "i", "del", "h1", "h2", "h3", "li", "code", "a"}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def live_in_tree(root: Any, where: str) -> list[str]:
    """Payloads that became markup in a parsed tree (html5lib or ElementTree)."""
    found = []
    for el in root.iter():
        tag = _local(el.tag)
        if not tag:
            continue
        text = "".join(el.itertext())
        if "lr-pwn" in tag:
            found.append(f"{where}: element <{tag}>")
        if tag in ("script", "iframe", "object", "embed", "foreignobject") and "lr-pwn" in text:
            found.append(f"{where}: <{tag}> runs {text[:60]!r}")
        for name, value in el.attrib.items():
            attr = _local(name)
            if "lr-pwn" in attr:
                found.append(f"{where}: attribute {attr} on <{tag}>")
            if attr.startswith("on") and ("lr-pwn" in value or "alert" in value):
                found.append(f"{where}: handler {attr}={value!r} on <{tag}>")
            if attr in _URL_ATTRS and value.strip().lower().startswith(_BAD_SCHEMES):
                found.append(f"{where}: {attr}={value[:60]!r} on <{tag}>")
        if tag in _MARKUP_MD and el.text and el.text.strip().startswith("lr-md"):
            found.append(f"{where}: Markdown became <{tag}>{el.text[:40]}")
        if tag == "title" and el.findall("*"):  # <title> is text (RCDATA) to a browser
            found.append(f"{where}: <title> holds elements")
    return found


def scan_html(data: str, where: str) -> list[str]:
    tree = html5lib.parse(data, namespaceHTMLElements=False)
    found = live_in_tree(tree, where)
    titles = [el for el in tree.iter() if _local(el.tag) == "title" and _in_head(tree, el)]
    if len(titles) > 1:
        found.append(f"{where}: {len(titles)} <title> elements in <head>")
    return found


def _in_head(tree: Any, el: Any) -> bool:
    head = tree.find("head")
    return head is not None and el in list(head)


def scan_fragment(data: str, where: str) -> list[str]:
    fragment = html5lib.parseFragment(data, namespaceHTMLElements=False)
    return live_in_tree(fragment, where)


def scan_site(site: Path) -> tuple[list[str], dict[str, int]]:
    """Every built HTML, SVG, XML and JSON file: the live payloads, and files per kind."""
    found: list[str] = []
    counts = {"html": 0, "svg": 0, "xml": 0, "json": 0}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".html":
            counts["html"] += 1
            found += scan_html(path.read_text("utf-8"), where)
        elif suffix in (".svg", ".xml"):
            counts[suffix[1:]] += 1
            root = ET.fromstring(path.read_bytes())  # well-formed, or this raises
            found += live_in_tree(root, where)
            for el in root.iter():  # Atom's type="html" text is HTML to a feed reader
                if el.get("type") in ("html", "xhtml") and el.text:
                    found += scan_fragment(el.text, where)
        elif suffix == ".json":
            counts["json"] += 1
            data = json.loads(path.read_text("utf-8"))
            found += _scan_json(data, where)
    return found, counts


def _scan_json(data: Any, where: str) -> list[str]:
    """JSON strings that a page may insert as HTML (Material's search index does)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _scan_json(value, f"{where}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _scan_json(value, f"{where}[{i}]")
    elif isinstance(data, str) and "lr-" in data:
        found += scan_fragment(data, where)
    return found
