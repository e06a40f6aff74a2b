"""The command line's promises: exit 0 on success, 2 on bad input with the reason, 1 on a bug."""
import pytest

from kjdesk import cli


def test_a_bug_exits_1_with_a_trace_and_a_pointer_to_the_log(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("kjdesk.logs.log_path", lambda: tmp_path / "logs" / "kjdesk.log")

    def broken(args):
        raise ZeroDivisionError("boom")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser.set_defaults(handler=broken, command="x")
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "bug" in err
    assert "boom" in (tmp_path / "logs" / "kjdesk.log").read_text()


def test_help_is_in_the_chosen_language(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--lang", "zh_CN", "report", "--help"])
    assert exc.value.code == 0
    assert "输出格式" in capsys.readouterr().out
