"""An asynchronous Lambda invocation (``X-Amz-Invocation-Type: Event``) answers as Lambda
does: 202 with an empty body, whatever the function returns or raises; the handler still runs,
so a test sees its side effects."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_

from constructs_pkg.presets import LambdaInvoke
from constructs_pkg.testing import LocalApi


def test_event_invocations_answer_202_with_lambdas_empty_body() -> None:
    # GIVEN LambdaInvoke with invocation_type="Event"
    stack = cdk.Stack(cdk.App(), "Async")
    function = lambda_.Function(
        stack,
        "Worker",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context): pass"),
    )
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    LambdaInvoke(
        stack,
        "Submit",
        resource=api.root.add_resource("jobs"),
        function=function,
        invocation_type="Event",
    )
    seen: list[Any] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        if not event.get("kind"):
            raise ValueError("kind is required")
        return {"accepted": event["kind"]}

    with LocalApi(stack, lambda_handlers={function: handler}) as local:
        # WHEN a job is submitted THEN 202 with no body: the result is not waited for
        accepted = local.request("POST", "/jobs", json={"kind": "report"})
        assert (accepted.status_code, accepted.body) == (202, b"")
        assert accepted.integration is not None
        assert (accepted.integration.status, accepted.integration.body) == (202, b"")
        # AND a function error is not seen either
        failing = local.request("POST", "/jobs", json={})
        assert (failing.status_code, failing.body) == (202, b"")
    # AND the handler ran for both
    assert seen == [{"kind": "report"}, {}]
