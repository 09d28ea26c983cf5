"""The endpoint backend (endpoint_url=, e.g. LocalStack where the stack is deployed), tested
against moto standing in for the endpoint: a small HTTP server on loopback that hands each
request to moto, the service told by the request's SigV4 credential scope."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest
from botocore.compat import HTTPHeaders
from werkzeug.serving import make_server
from werkzeug.wrappers import Request

from constructs_pkg.testing._local._backend import (
    IntegrationFailureError,
    IntegrationTimeoutError,
    ServiceRequest,
)
from constructs_pkg.testing._local._endpoint import EndpointBackend
from constructs_pkg.testing._local._errors import LocalApiError
from constructs_pkg.testing._local._moto import start_backend
from constructs_pkg.testing._local._source import load_template

STACK = "DeployedStack"
TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        },
        "Queue": {"Type": "AWS::SQS::Queue"},
    }
}
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")


def _moto_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    from moto.core.botocore_stubber import BotocoreStubber

    request = Request(environ)
    found = _SCOPE.search(request.headers.get("Authorization", ""))
    region, service = found.groups() if found else ("us-east-1", "s3")
    query = request.query_string.decode()
    url = f"https://{service}.{region}.amazonaws.com{request.path}" + (f"?{query}" if query else "")
    headers = HTTPHeaders()
    for name, value in request.headers.items():
        headers[name] = value
    stubber = BotocoreStubber()
    stubber.enabled = True
    answer = stubber.process_request(
        AWSPreparedRequest(request.method, url, headers, request.get_data(), stream_output=False)
    )
    status, response_headers, body = answer or (404, {}, b"not served")
    start_response(f"{status} -", [(str(k), str(v)) for k, v in dict(response_headers).items()])
    return [body.encode() if isinstance(body, str) else body]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _moto_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    cloudformation = boto3.client(
        "cloudformation",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    cloudformation.create_stack(StackName=STACK, TemplateBody=json.dumps(TEMPLATE))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def backend(endpoint: str) -> Iterator[EndpointBackend]:
    loaded = load_template(TEMPLATE, stack_name=STACK)
    found = start_backend(loaded, endpoint_url=endpoint, region="us-east-1")
    assert isinstance(found, EndpointBackend)
    yield found
    found.close()


def _deployed(backend: EndpointBackend) -> dict[str, str]:
    resources = backend.client("cloudformation").describe_stack_resources(StackName=STACK)
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources["StackResources"]}


def test_names_are_the_deployed_physical_ids(backend: EndpointBackend) -> None:
    deployed = _deployed(backend)
    names = backend.names
    assert backend.account == "123456789012"  # moto's account for the access key "test"
    assert names.physical_id("", "Table") == deployed["Table"]
    assert names.physical_id("", "Queue") == deployed["Queue"]
    table = names.intrinsics().resolve({"Fn::GetAtt": ["Table", "Arn"]})
    assert table == f"arn:aws:dynamodb:us-east-1:123456789012:table/{deployed['Table']}"
    queue_name = names.intrinsics().resolve({"Fn::GetAtt": ["Queue", "QueueName"]})
    assert deployed["Queue"].endswith(f"/{queue_name}")


def test_send_reaches_the_endpoint_signed(backend: EndpointBackend) -> None:
    table = backend.names.physical_id("", "Table")
    item = {"pk": {"S": "jane"}, "name": {"S": "Jane"}}
    response = backend.send(
        ServiceRequest(
            service="dynamodb",
            region="us-east-1",
            method="POST",
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "DynamoDB_20120810.PutItem",
            },
            body=json.dumps({"TableName": table, "Item": item}).encode(),
        )
    )
    assert response.status == 200, response.body
    stored = backend.client("dynamodb").get_item(TableName=table, Key={"pk": {"S": "jane"}})
    assert stored["Item"] == item


def test_fails_when_the_stack_is_not_deployed(endpoint: str) -> None:
    with pytest.raises(LocalApiError) as caught:
        EndpointBackend(
            load_template(TEMPLATE, stack_name="NotThere"),
            endpoint_url=endpoint,
            region="us-east-1",
        )
    assert caught.value.code == "stack-not-deployed"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_fails_when_nothing_answers_at_the_endpoint() -> None:
    with pytest.raises(LocalApiError) as caught:
        EndpointBackend(
            load_template(TEMPLATE),
            endpoint_url=f"http://127.0.0.1:{_closed_port()}",
            region="us-east-1",
        )
    assert caught.value.code == "endpoint-unreachable"


def test_send_times_out_and_fails(backend: EndpointBackend) -> None:
    # GIVEN a server that accepts connections and never answers
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    stalled = EndpointBackend.__new__(EndpointBackend)
    stalled.__dict__.update(backend.__dict__)
    stalled.endpoint_url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    stalled._pool = None
    request = ServiceRequest(
        service="dynamodb", region="us-east-1", method="POST", timeout_seconds=0.2
    )
    try:
        started = time.perf_counter()
        with pytest.raises(IntegrationTimeoutError):
            stalled.send(request)
        assert time.perf_counter() - started < 2
    finally:
        silent.close()
    # AND a closed port is a failure, not a timeout
    stalled.endpoint_url = f"http://127.0.0.1:{_closed_port()}"
    stalled._pool = None
    with pytest.raises(IntegrationFailureError):
        stalled.send(request)


def test_nested_stacks_are_followed(endpoint: str, tmp_path: Path) -> None:
    # GIVEN a stack deployed with a nested stack (its template in S3 at the endpoint)
    child = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
    s3 = boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    s3.create_bucket(Bucket="templates")
    s3.put_object(Bucket="templates", Key="child.json", Body=json.dumps(child).encode())
    parent = {
        "Resources": {
            "Nested": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {"TemplateURL": "https://s3.amazonaws.com/templates/child.json"},
                "Metadata": {"aws:asset:path": "child.json"},
            }
        }
    }
    boto3.client(
        "cloudformation",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_stack(StackName="ParentStack", TemplateBody=json.dumps(parent))
    (tmp_path / "child.json").write_text(json.dumps(child))
    (tmp_path / "ParentStack.template.json").write_text(json.dumps(parent))
    # WHEN the endpoint backend reads it
    backend = EndpointBackend(
        load_template(tmp_path / "ParentStack.template.json"),
        endpoint_url=endpoint,
        region="us-east-1",
    )
    # THEN the nested stack's queue has its deployed URL
    nested_stack = backend.names.physical_id("", "Nested")
    resources = backend.client("cloudformation").describe_stack_resources(StackName=nested_stack)
    (queue,) = resources["StackResources"]
    assert backend.names.physical_id("Nested", "Queue") == queue["PhysicalResourceId"]
    assert queue["ResourceType"] == "AWS::SQS::Queue"
    name = backend.names.intrinsics("Nested").resolve({"Fn::GetAtt": ["Queue", "QueueName"]})
    assert queue["PhysicalResourceId"].endswith(f"/{name}")
