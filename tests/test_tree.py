"""Generated files are rewritten only when their content changes (``mkdocs serve --dirty``)."""

from __future__ import annotations

import os
from pathlib import Path

from lifecycle_report.site.tree import sync_tree


def test_only_changed_files_are_rewritten_and_stale_ones_removed(tmp_path: Path) -> None:
    tree = {"models/a/index.md": "# A\n", "models/b/index.md": "# B\n", "badges/a.svg": b"<svg/>"}
    paths = sync_tree(tmp_path, tree)
    for path in paths.values():
        os.utime(path, (1_000_000, 1_000_000))

    tree["models/b/index.md"] = "# B, edited\n"
    del tree["badges/a.svg"]
    sync_tree(tmp_path, tree)

    assert os.stat(paths["models/a/index.md"]).st_mtime == 1_000_000
    assert os.stat(paths["models/b/index.md"]).st_mtime != 1_000_000
    assert Path(paths["models/b/index.md"]).read_text() == "# B, edited\n"
    assert not (tmp_path / "badges").exists()


def test_a_deleted_model_takes_its_folder_and_charts_along_and_pairs_stream_in(
    tmp_path: Path,
) -> None:
    def site(models: list[str]):
        for name in models:  # pairs, consumed one by one (the plugin's way)
            yield f"models/{name}/index.md", f"# {name}\n"
            yield f"models/{name}/chart-volume.svg", "<svg/>"

    sync_tree(tmp_path / "docs", site(["a", "b"]))
    paths = sync_tree(tmp_path / "docs", site(["a"]))
    assert sorted(paths) == ["models/a/chart-volume.svg", "models/a/index.md"]
    assert not (tmp_path / "docs" / "models" / "b").exists()
    assert (tmp_path / "docs" / "models" / "a" / "chart-volume.svg").read_text() == "<svg/>"
    assert sync_tree(tmp_path / "docs", iter(())) == {} and (tmp_path / "docs").is_dir()


def test_a_relative_root_keeps_what_it_wrote(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = sync_tree(Path("."), {"models/a/index.md": "# A\n", "index.md": "# Home\n"})
    sync_tree(Path("."), {"models/a/index.md": "# A\n", "index.md": "# Home\n"})
    assert all(os.path.isfile(path) for path in paths.values())


def test_a_memory_of_what_it_wrote_keeps_the_folder_exact(tmp_path: Path) -> None:
    """`make serve` passes what the last call wrote: files are compared with that, not
    read back; the folder still ends up holding exactly the tree, whatever happened to
    it in between."""
    from lifecycle_report.site.tree import Written

    written: Written = {}

    def held() -> dict[str, str | bytes]:
        return {relative: content for relative, (content, _) in written.items()}

    (tmp_path / "stray.md").write_text("from an older run\n")
    tree: dict[str, str | bytes] = {"a.md": "# A\n", "b.md": "# B\n", "c/d.csv": b"x\n"}
    paths = sync_tree(tmp_path, tree, written=written)
    assert not (tmp_path / "stray.md").exists() and held() == tree
    os.utime(paths["a.md"], ns=(1_000_000_000, 1_000_000_000))
    sync_tree(tmp_path, tree, written=written)  # a's time changed: read back, not rewritten
    assert os.stat(paths["a.md"]).st_mtime_ns == 1_000_000_000

    tree = {"a.md": "# A\n", "b.md": "# B, edited\n", "e.md": "# E\n"}
    sync_tree(tmp_path, tree, written=written)
    assert held() == tree
    assert os.stat(paths["a.md"]).st_mtime_ns == 1_000_000_000
    assert (tmp_path / "b.md").read_text() == "# B, edited\n"
    assert (tmp_path / "e.md").read_text() == "# E\n" and not (tmp_path / "c" / "d.csv").exists()

    # Removed or changed by someone else (`make clean`, another build): written again.
    (tmp_path / "a.md").unlink()
    (tmp_path / "e.md").write_text("# E, by hand\n")
    sync_tree(tmp_path, tree, written=written)
    assert (tmp_path / "a.md").read_text() == "# A\n"
    assert (tmp_path / "e.md").read_text() == "# E\n"


def test_a_changed_file_is_a_new_file_so_links_to_the_old_one_keep_it(tmp_path: Path) -> None:
    paths = sync_tree(tmp_path / "cache", {"data.csv": "old\n"})
    os.link(paths["data.csv"], tmp_path / "published.csv")  # as the plugin links into a site
    sync_tree(tmp_path / "cache", {"data.csv": "new\n"})
    assert (tmp_path / "published.csv").read_text() == "old\n"
    assert (tmp_path / "cache" / "data.csv").read_text() == "new\n"
