"""SDK parity: the example's imperative boto3 calls and ProfilesApiParity build the same API.

On the emulator, the same three methods are built twice: once with the example's four calls
per method (``put_method``, ``put_method_response``, ``put_integration``,
``put_integration_response``, then ``create_deployment(stageName="test")``), exactly as
shared/reference/seed-parity.md lists them, and once by CloudFormation from app.py's
``ProfilesApiParity``. What API Gateway then reports for both is compared field by field, in
both directions. Only ids are normalized (REST API id, resource ids, and so ``cacheNamespace``,
which defaults to the resource id) and the role ARN (each API has its own role); any other
difference fails, listed in the assertion message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from emulator_support import STAGE, TABLE, DeployedApi, emulator

pytestmark = pytest.mark.emulator

API_NAME = "doc-example-apigateway-dynamodb-profiles"
SDK_ROLE_NAME = "doc-example-apigateway-dynamodb-profiles-sdk-role"
ROLE_ARN = re.compile(r"^arn:aws:iam::\d{12}:role/\S+$")
METHODS = ["GET /profiles", "POST /profiles", "GET /profiles/{username}"]


# --- the example, imperatively -----


def _add_integration_method(
    apigw: Any,
    api_id: str,
    resource_id: str,
    rest_method: str,
    service_endpoint_prefix: str,
    service_action: str,
    service_method: str,
    role_arn: str,
    mapping_template: dict[str, Any],
) -> None:
    """The example's ``add_integration_method``: its four SDK calls, nothing else."""
    service_uri = (
        f"arn:aws:apigateway:{apigw.meta.region_name}"
        f":{service_endpoint_prefix}:action/{service_action}"
    )
    target = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": rest_method}
    apigw.put_method(**target, authorizationType="NONE")
    apigw.put_method_response(
        **target, statusCode="200", responseModels={"application/json": "Empty"}
    )
    apigw.put_integration(
        **target,
        type="AWS",
        integrationHttpMethod=service_method,
        credentials=role_arn,
        requestTemplates={"application/json": json.dumps(mapping_template)},
        uri=service_uri,
        passthroughBehavior="WHEN_NO_TEMPLATES",
    )
    apigw.put_integration_response(
        **target, statusCode="200", responseTemplates={"application/json": ""}
    )


def _sdk_role(iam: Any) -> str:
    """The role the example's setup.yaml makes: assumed by API Gateway, three DynamoDB actions."""
    table_arn = f"arn:aws:dynamodb:{emulator.REGION}:{emulator.ACCOUNT}:table/{TABLE}"
    _delete_role(iam)
    role = iam.create_role(
        RoleName=SDK_ROLE_NAME,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "apigateway.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]
    iam.put_role_policy(
        RoleName=SDK_ROLE_NAME,
        PolicyName="dynamodb",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"],
                        "Resource": table_arn,
                    }
                ],
            }
        ),
    )
    arn: str = role["Arn"]
    return arn


def _delete_role(iam: Any) -> None:
    try:
        iam.delete_role_policy(RoleName=SDK_ROLE_NAME, PolicyName="dynamodb")
        iam.delete_role(RoleName=SDK_ROLE_NAME)
    except iam.exceptions.NoSuchEntityException:
        pass


@pytest.fixture(scope="module")
def sdk_api_id(aws: Callable[[str], Any], parity_api: DeployedApi) -> Iterator[str]:
    """The example's REST API, built with its SDK calls on the emulator (next to the stack's,
    whose table it uses)."""
    apigw, iam = aws("apigateway"), aws("iam")
    role_arn = _sdk_role(iam)
    api_id: str = apigw.create_rest_api(name=API_NAME)["id"]
    root_id = next(
        item for item in apigw.get_resources(restApiId=api_id)["items"] if item["path"] == "/"
    )["id"]
    profiles_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="profiles")[
        "id"
    ]
    username_id = apigw.create_resource(
        restApiId=api_id, parentId=profiles_id, pathPart="{username}"
    )["id"]
    add = _add_integration_method
    add(
        apigw,
        api_id,
        profiles_id,
        "GET",
        "dynamodb",
        "Scan",
        "POST",
        role_arn,
        {"TableName": TABLE},
    )
    add(
        apigw,
        api_id,
        profiles_id,
        "POST",
        "dynamodb",
        "PutItem",
        "POST",
        role_arn,
        {
            "TableName": TABLE,
            "Item": {
                "username": {"S": "$input.path('$.username')"},
                "name": {"S": "$input.path('$.name')"},
                "title": {"S": "$input.path('$.title')"},
            },
        },
    )
    add(
        apigw,
        api_id,
        username_id,
        "GET",
        "dynamodb",
        "GetItem",
        "POST",
        role_arn,
        {"TableName": TABLE, "Key": {"username": {"S": "$method.request.path.username"}}},
    )
    apigw.create_deployment(restApiId=api_id, stageName=STAGE)
    yield api_id
    apigw.delete_rest_api(restApiId=api_id)
    _delete_role(iam)


# --- what API Gateway reports, normalized -----


def _normalize(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            key: _normalize(item, ids) for key, item in value.items() if key != "ResponseMetadata"
        }
    if isinstance(value, list):
        return [_normalize(item, ids) for item in value]
    if isinstance(value, str):
        if value in ids:
            return ids[value]
        if ROLE_ARN.match(value):
            return "<role arn>"
    return value


def _describe_methods(apigw: Any, api_id: str) -> dict[str, Any]:
    """``{"GET /profiles": {...}}``: get_method, get_integration, every get_integration_response
    and get_method_response, for every method of the API."""
    resources = apigw.get_resources(restApiId=api_id, limit=500)["items"]
    ids = {api_id: "<rest api id>"} | {r["id"]: f"<resource id of {r['path']}>" for r in resources}
    described: dict[str, Any] = {}
    for resource in resources:
        for http_method in sorted(resource.get("resourceMethods") or {}):
            target = {"restApiId": api_id, "resourceId": resource["id"], "httpMethod": http_method}
            method = apigw.get_method(**target)
            integration = apigw.get_integration(**target)
            described[f"{http_method} {resource['path']}"] = _normalize(
                {
                    "get_method": method,
                    "get_integration": integration,
                    "get_integration_response": {
                        code: apigw.get_integration_response(**target, statusCode=code)
                        for code in sorted(integration.get("integrationResponses") or {})
                    },
                    "get_method_response": {
                        code: apigw.get_method_response(**target, statusCode=code)
                        for code in sorted(method.get("methodResponses") or {})
                    },
                },
                ids,
            )
    return described


def _diff(sdk: Any, cdk: Any, where: str = "") -> list[str]:
    """Every difference, both directions, as ``where: sdk=... cdk=...`` lines."""
    if isinstance(sdk, dict) and isinstance(cdk, dict):
        lines: list[str] = []
        for key in sorted(set(sdk) | set(cdk), key=str):
            here = f"{where} > {key}" if where else str(key)
            if key not in cdk:
                lines.append(f"{here}: only in the SDK-built API: {sdk[key]!r}")
            elif key not in sdk:
                lines.append(f"{here}: only in ProfilesApiParity: {cdk[key]!r}")
            else:
                lines.extend(_diff(sdk[key], cdk[key], here))
        return lines
    if sdk != cdk:
        return [f"{where}: SDK-built {sdk!r} != ProfilesApiParity {cdk!r}"]
    return []


def _assert_same(sdk: Any, cdk: Any, what: str) -> None:
    differences = _diff(sdk, cdk)
    assert not differences, (
        f"{what}: ProfilesApiParity differs from the example's SDK calls "
        f"({len(differences)} difference(s)):\n  " + "\n  ".join(differences)
    )


@pytest.fixture(scope="module")
def described(
    aws: Callable[[str], Any], sdk_api_id: str, parity_api: DeployedApi
) -> tuple[dict[str, Any], dict[str, Any]]:
    apigw = aws("apigateway")
    return _describe_methods(apigw, sdk_api_id), _describe_methods(apigw, parity_api.rest_api_id)


# --- tests -----


def test_both_apis_have_the_same_methods(
    described: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    sdk, cdk = described
    assert sorted(sdk) == sorted(METHODS)
    assert sorted(cdk) == sorted(sdk), (
        f"methods only in ProfilesApiParity: {sorted(set(cdk) - set(sdk))}; "
        f"only in the SDK-built API: {sorted(set(sdk) - set(cdk))}"
    )


@pytest.mark.parametrize("method", METHODS)
def test_method_integration_and_responses_are_identical(
    described: tuple[dict[str, Any], dict[str, Any]], method: str
) -> None:
    sdk, cdk = described
    assert method in cdk, f"ProfilesApiParity has no {method}"
    _assert_same(sdk[method], cdk[method], method)


def test_resources_stage_and_models_are_identical(
    aws: Callable[[str], Any], sdk_api_id: str, parity_api: DeployedApi
) -> None:
    apigw = aws("apigateway")

    def describe(api_id: str) -> dict[str, Any]:
        api = apigw.get_rest_api(restApiId=api_id)
        # CloudFormation tags what it creates; the example sets no tags
        tags = {k: v for k, v in (api.pop("tags", None) or {}).items() if not k.startswith("aws:")}
        for volatile in ("id", "createdDate", "rootResourceId"):
            api.pop(volatile, None)
        stages = apigw.get_stages(restApiId=api_id)["item"]
        for stage in stages:
            for volatile in ("deploymentId", "createdDate", "lastUpdatedDate"):
                stage.pop(volatile, None)
        models = apigw.get_models(restApiId=api_id)["items"]
        return _normalize(
            {
                "get_rest_api": api | ({"tags": tags} if tags else {}),
                "resource paths": sorted(
                    r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]
                ),
                "get_stages": {s["stageName"]: s for s in stages},
                "get_models": {
                    m["name"]: {k: v for k, v in m.items() if k != "id"} for m in models
                },
            },
            {},
        )

    _assert_same(describe(sdk_api_id), describe(parity_api.rest_api_id), "REST API")


def test_both_apis_answer_the_scenario_identically(
    parity_api: DeployedApi, sdk_api_id: str, empty_table: Callable[[str], None]
) -> None:
    profiles = [
        {"username": "will", "name": "William Shakespeare", "title": "playwright"},
        {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
        {"username": "jane", "name": "Jane Austen", "title": "author"},
    ]
    requests: list[tuple[str, str, Any, dict[str, str] | None]] = [
        *(("POST", "profiles", p, None) for p in profiles),
        ("GET", "profiles", None, None),
        ("GET", "profiles/jane", None, None),
        ("GET", "profiles/nobody", None, None),
        ("POST", "profiles", "not json", None),
        ("POST", "profiles", "username=eve", {"Content-Type": "text/plain"}),
    ]

    def replay(api_id: str) -> list[dict[str, Any]]:
        empty_table(TABLE)
        answers = []
        for method, path, body, headers in requests:
            response = emulator.invoke(api_id, STAGE, path, method, body, headers)
            try:
                parsed: Any = response.json()
                if isinstance(parsed, dict) and "Items" in parsed:  # Scan order is not fixed
                    parsed["Items"] = sorted(parsed["Items"], key=json.dumps)
            except ValueError:
                parsed = response.body
            answers.append(
                {
                    "request": f"{method} /{path}",
                    "status": response.status,
                    "content-type": response.headers.get("Content-Type"),
                    "body": parsed,
                }
            )
        return answers

    sdk, cdk = replay(sdk_api_id), replay(parity_api.rest_api_id)
    _assert_same(
        {a["request"] + f" #{i}": a for i, a in enumerate(sdk)},
        {a["request"] + f" #{i}": a for i, a in enumerate(cdk)},
        "responses",
    )
