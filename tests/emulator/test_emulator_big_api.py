"""A 600-method REST API, past CloudFormation's 500 resources per stack, deploys on the emulator.

``big_api_app.py`` spreads the methods over nested stacks with ``MethodShards``; the real
``cdk deploy`` publishes the nested templates (assets) to the emulator's bootstrap bucket and
deploys. A sample of methods from every stack is called for real (DynamoDB ``PutItem`` /
``GetItem``, SQS ``SendMessage``) and the table and queue contents are checked. Then one method
in the last nested stack is changed and deployed again: a new deployment is created after the
nested stack is updated.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from emulator_support import TIMINGS, emulator

pytestmark = pytest.mark.emulator

APP = Path(__file__).resolve().parent / "big_api_app.py"
STACK = "BigApi"
STAGE = "test"
METHODS = 600
# (PUT, GET, POST) triples: the API's stack and nested stack 1, the end of 1, 2, the 2/3 border
# and the end of 3 (MethodShards' defaults: 1 path in the API's stack, 200 paths per nested stack)
SAMPLE_STARTS = (0, 198, 201, 399, 597)


@pytest.fixture(scope="module")
def big_api(localstack: emulator.Emulator) -> Iterator[dict[str, str]]:
    """``BigApi`` deployed with ``cdk deploy``: its outputs."""
    os.environ.pop("BIG_API_CHANGED", None)
    started = time.perf_counter()
    outputs = emulator.cdk_deploy([STACK], app=APP)[STACK]
    TIMINGS.deploys[f"{STACK} ({METHODS} methods, cdk CLI)"] = time.perf_counter() - started
    yield outputs


def _nested_stacks(cfn: Any) -> list[str]:
    resources = cfn.describe_stack_resources(StackName=STACK)["StackResources"]
    return [
        r["PhysicalResourceId"]
        for r in resources
        if r["ResourceType"] == "AWS::CloudFormation::Stack"
    ]


def _count(cfn: Any, stack: str, resource_type: str) -> int:
    paginator = cfn.get_paginator("list_stack_resources")
    return sum(
        1
        for page in paginator.paginate(StackName=stack)
        for r in page["StackResourceSummaries"]
        if r["ResourceType"] == resource_type
    )


def test_600_methods_deploy_over_nested_stacks(big_api: dict[str, str]) -> None:
    # GIVEN the API deployed
    cfn = emulator.client("cloudformation")

    # THEN three nested stacks hold the methods, each complete and under 500 resources
    nested = _nested_stacks(cfn)
    assert len(nested) == 3, nested
    methods = _count(cfn, STACK, "AWS::ApiGateway::Method")
    for stack in nested:
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        assert status == "CREATE_COMPLETE", (stack, status)
        methods += _count(cfn, stack, "AWS::ApiGateway::Method")
    assert methods == METHODS
    # and API Gateway knows every path
    apigw = emulator.client("apigateway")
    paths = {
        r["path"]
        for page in apigw.get_paginator("get_resources").paginate(restApiId=big_api["RestApiId"])
        for r in page["items"]
    }
    assert {f"/m{i:04d}" for i in range(METHODS)} <= paths


def _call(
    outputs: dict[str, str], verb: str, index: int, query: str = "", body: Any = None
) -> emulator.Response:
    started = time.perf_counter()
    response = emulator.invoke(outputs["RestApiId"], STAGE, f"m{index:04d}{query}", verb, body)
    TIMINGS.latencies_ms.append((time.perf_counter() - started) * 1000)
    return response


def test_a_sample_of_methods_from_every_stack_answers(
    big_api: dict[str, str], aws: Callable[[str], Any]
) -> None:
    for start in SAMPLE_STARTS:
        target = (start // 3) % 2
        table = big_api[f"TableName{target}"]
        key = f"key-{start}"

        # WHEN method `start` puts an item, method `start + 1` gets it back
        put = _call(big_api, "PUT", start, body={"id": key, "doc": f"doc {start}"})
        assert put.status == 200, (start, put)
        got = _call(big_api, "GET", start + 1, query=f"?id={key}")

        # THEN the table holds it, written by that method, and the GET answers it
        item = aws("dynamodb").get_item(TableName=table, Key={"pk": {"S": key}})["Item"]
        assert item == {
            "pk": {"S": key},
            "doc": {"S": f"doc {start}"},
            "method": {"S": f"m{start:04d}"},
        }
        assert got.status == 200, got
        assert got.json()["Item"] == item

        # WHEN method `start + 2` sends a message; THEN it is on the queue
        sent = _call(big_api, "POST", start + 2, body={"from": f"m{start + 2:04d}"})
        assert sent.status == 200, sent
        message_id = sent.json()["SendMessageResponse"]["SendMessageResult"]["MessageId"]
        messages = (
            aws("sqs")
            .receive_message(
                QueueUrl=big_api[f"QueueUrl{(start + 2) // 3 % 2}"],
                MaxNumberOfMessages=10,
                WaitTimeSeconds=1,
            )
            .get("Messages", [])
        )
        assert {m["MessageId"]: m["Body"] for m in messages}.get(message_id) == (
            f'{{"from": "m{start + 2:04d}"}}'
        ), messages


def _deployment(cfn: Any) -> tuple[str, str]:
    """``(logical id, physical id)`` of the stack's one ``AWS::ApiGateway::Deployment``."""
    resources = cfn.describe_stack_resources(StackName=STACK)["StackResources"]
    found = [
        (r["LogicalResourceId"], r["PhysicalResourceId"])
        for r in resources
        if r["ResourceType"] == "AWS::ApiGateway::Deployment"
    ]
    assert len(found) == 1, found
    return found[0]


def test_a_change_in_a_nested_stack_creates_a_new_deployment_after_it(
    big_api: dict[str, str],
) -> None:
    # GIVEN the deployed API's deployment
    cfn = emulator.client("cloudformation")
    before = _deployment(cfn)

    # WHEN the last PUT method (in the last nested stack) changes and the app is deployed again
    os.environ["BIG_API_CHANGED"] = "597"
    try:
        started = time.perf_counter()
        emulator.cdk_deploy([STACK], app=APP)
        TIMINGS.deploys[f"{STACK} update of one nested method"] = time.perf_counter() - started
    finally:
        os.environ.pop("BIG_API_CHANGED", None)

    # THEN a new deployment (new logical id, so a new snapshot for the stage) is created, and
    # only once the nested stack resource has been updated
    after = _deployment(cfn)
    assert after[0] != before[0] and after[1] != before[1]
    events = list(reversed(cfn.describe_stack_events(StackName=STACK)["StackEvents"]))
    order = [(e["LogicalResourceId"], e["ResourceStatus"], e["ResourceType"]) for e in events]
    nested_updated = max(
        i
        for i, (logical_id, status, kind) in enumerate(order)
        if kind == "AWS::CloudFormation::Stack"
        and status == "UPDATE_COMPLETE"
        and logical_id != STACK
    )
    created = order.index((after[0], "CREATE_IN_PROGRESS", "AWS::ApiGateway::Deployment"))
    assert created > nested_updated
    # Not checked here, because LocalStack 2026.3 cannot show them: it marks a nested stack
    # resource UPDATE_COMPLETE without applying its new template (localstack#9192), so the
    # changed method is not in API Gateway; and it drops the stage when CloudFormation deletes
    # the old deployment, for any API redeployed this way, sharded or not. The deployment's new
    # logical id per nested change is asserted on the template (tests/test_big_api.py).
