"""The operator's commands explain themselves: ``manage.py <command> --help``."""

import pytest
from django.core.management import get_commands, load_command_class

COMMANDS = ["create_tenant", "import_members", "purge", "send_digests"]


@pytest.mark.parametrize("name", COMMANDS)
def test_the_command_and_each_of_its_options_has_a_help_text(name: str) -> None:
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("manage.py", name)
    assert command.help
    own = [
        action
        for action in parser._actions
        if action.dest not in {"help", "version", "verbosity", "settings", "pythonpath"}
        and action.dest not in {"traceback", "no_color", "force_color", "skip_checks"}
    ]
    assert own
    for action in own:
        assert action.help, f"{name}: {action.dest} has no help"
    assert command.help.split()[0] in parser.format_help()
