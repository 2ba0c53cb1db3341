"""The mini fixture site builds exactly as reviewed (`make update-golden`)."""

import difflib

from tests.golden import GOLDEN, files


def test_mini_site_matches_golden_output(mini_build):
    expected, actual = files(GOLDEN), files(mini_build.output)
    assert sorted(actual) == sorted(expected), "files added or missing: run make update-golden and review"
    for name, content in expected.items():
        if actual[name] != content:
            diff = "\n".join(
                difflib.unified_diff(
                    content.decode(errors="replace").splitlines(),
                    actual[name].decode(errors="replace").splitlines(),
                    name, name, lineterm="", n=1,
                )
            )
            raise AssertionError(f"{name} differs from the golden output:\n{diff[:3000]}")


def test_two_builds_are_byte_identical(mini_build, tmp_path):
    from tests.conftest import FIXTURES, build_site

    again = build_site(FIXTURES / "mini", tmp_path / "again")
    assert files(again.output) == files(mini_build.output)
