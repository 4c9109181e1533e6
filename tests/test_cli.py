"""The command line as a whole: every command has help with an example, and --version."""

import pytest
from click.testing import CliRunner

from influence import __version__
from influence.cli import main

COMMANDS = sorted(main.commands)


def test_the_commands_users_are_told_about_exist():
    assert {"template", "validate", "analyze", "path", "simulate", "export", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output and f"influence {command}" in result.output
    assert main.commands[command].get_short_help_str().strip()


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"influence, version {__version__}"


def test_group_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert all(command in result.output for command in COMMANDS)
