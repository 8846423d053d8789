"""The README's two commands are the ones CI runs; keep them in step."""

import re

from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    (cmd,) = re.findall(r'^TEST_CMD="(.+)"$', ci, flags=re.M)
    assert cmd in (ROOT / "README.md").read_text(), "README must show the exact test command .ci/run runs"


def test_every_cli_command_is_documented_in_the_readme():
    from dateline.cli import cli

    readme = (ROOT / "README.md").read_text()
    for name in cli.commands:
        assert f"dateline {name}" in readme, f"README shows no example of `dateline {name}`"
