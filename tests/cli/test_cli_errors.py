"""Clear errors, exit status 2: credentials, region, access, throttling, bad input.

AWS answers are faked by a botocore ``before-send`` hook (nothing leaves the process); the
endpoint is a closed port on 127.0.0.1 in case anything tried.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.awsrequest
import pytest
from cli_support import DUMMY_ENV, REGION

from constructs_pkg.cli import EXIT_ERROR, main
from constructs_pkg.cli._errors import CliError
from constructs_pkg.cli._reader import make_client, read_rest_api

CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture
def dummy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in DUMMY_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


class FakeAws:
    """Answers every request with the next (status, error code) and counts the attempts."""

    def __init__(self, *answers: tuple[int, str]) -> None:
        self.answers = list(answers)
        self.calls = 0

    def __call__(self, request: Any, **_: Any) -> botocore.awsrequest.AWSResponse:
        status, code = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        headers = botocore.awsrequest.HeadersDict(
            {"x-amzn-ErrorType": code, "Content-Type": "application/json"}
        )
        body = json.dumps({"message": f"fake {code}"}).encode()
        return botocore.awsrequest.AWSResponse(
            request.url,
            status,
            headers,  # type: ignore[arg-type]  # botocore reads any case-insensitive mapping
            _Raw(body),
        )


def _read_with(fake: FakeAws, *, max_attempts: int = 3) -> None:
    client, region = make_client(region=REGION, endpoint_url=CLOSED_PORT, max_attempts=max_attempts)
    client.meta.events.register("before-send.apigateway", fake)  # type: ignore[arg-type]
    read_rest_api(client, "a1b2c3d4e5", region=region)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore sleeps between retries; the tests do not need to."""
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)


def test_fails_without_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    status = main(
        ["import", "--rest-api-id", "a1b2c3d4e5", "--region", REGION, "--endpoint-url", CLOSED_PORT]
    )
    err = capsys.readouterr().err
    assert status == EXIT_ERROR
    assert "error: [no-credentials] no AWS credentials found" in err
    assert "--profile" in err


def test_fails_without_a_region(
    dummy_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    status = main(["import", "--rest-api-id", "a1b2c3d4e5", "--endpoint-url", CLOSED_PORT])
    assert status == EXIT_ERROR
    assert "[no-region]" in capsys.readouterr().err


def test_fails_when_access_is_denied(dummy_env: None) -> None:
    with pytest.raises(CliError) as caught:
        _read_with(FakeAws((403, "AccessDeniedException")))
    assert caught.value.code == "access-denied"
    assert "apigateway:GET" in caught.value.message


def test_fails_when_aws_rejects_the_credentials(dummy_env: None) -> None:
    with pytest.raises(CliError) as caught:
        _read_with(FakeAws((403, "UnrecognizedClientException")))
    assert caught.value.code == "invalid-credentials"


def test_throttling_is_retried(dummy_env: None, no_sleep: None) -> None:
    fake = FakeAws(
        (429, "TooManyRequestsException"),
        (429, "TooManyRequestsException"),
        (404, "NotFoundException"),
    )
    with pytest.raises(CliError) as caught:
        _read_with(fake, max_attempts=5)
    assert fake.calls == 3  # two throttled attempts, then the real answer
    assert caught.value.code == "unknown-rest-api"
    assert "'a1b2c3d4e5'" in caught.value.message


def test_fails_when_throttling_outlasts_the_retries(dummy_env: None, no_sleep: None) -> None:
    fake = FakeAws((429, "TooManyRequestsException"))
    with pytest.raises(CliError) as caught:
        _read_with(fake, max_attempts=4)
    assert fake.calls == 4
    assert caught.value.code == "throttled"
    assert "4 attempt(s)" in caught.value.message
    assert "--max-attempts" in caught.value.message


def test_fails_when_max_attempts_is_not_positive(dummy_env: None) -> None:
    with pytest.raises(CliError) as caught:
        make_client(region=REGION, max_attempts=0)
    assert caught.value.code == "invalid-max-attempts"


@pytest.mark.parametrize(
    "argv",
    [[], ["import"], ["diff", "--rest-api-id", "x"], ["export", "--rest-api-id", "x"]],
    ids=["no-command", "no-api-id", "no-template", "unknown-command"],
)
def test_fails_on_a_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == EXIT_ERROR
    assert "usage: constructs-pkg" in capsys.readouterr().err


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--template" in out and "exit status: 0" in out


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "template-not-found"),
        ("{not json", "invalid-template"),
        ('{"AWSTemplateFormatVersion": "2010-09-09"}', "invalid-template"),
    ],
    ids=["missing", "not-json", "no-resources"],
)
def test_diff_fails_on_a_bad_template(
    dummy_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    code: str,
) -> None:
    template = tmp_path / "Stack.template.json"
    if content is not None:
        template.write_text(content)
    status = main(
        ["diff", "--rest-api-id", "x", "--template", str(template), "--endpoint-url", CLOSED_PORT]
    )
    assert status == EXIT_ERROR
    assert f"[{code}]" in capsys.readouterr().err


def test_import_fails_on_a_too_short_line_length(
    dummy_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "--rest-api-id", "x", "--line-length", "20"])
    assert status == EXIT_ERROR
    assert "[invalid-line-length]" in capsys.readouterr().err


def test_import_fails_on_an_unknown_profile(
    dummy_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "--rest-api-id", "x", "--profile", "no-such-profile-here"])
    assert status == EXIT_ERROR
    assert "[unknown-profile]" in capsys.readouterr().err
