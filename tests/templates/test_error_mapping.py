"""Error mapping: integration responses per service, rendered on recorded error answers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pytest
from aws_cdk import aws_apigateway as apigw

from constructs_pkg._templates import (
    ResponseMapping,
    dynamodb_item_response,
    error_mapping,
)
from constructs_pkg._templates._error_data import SERVICE_ERRORS, STATUS_TEXT
from constructs_pkg.errors import ValidationError
from constructs_pkg.testing import render_response

SERVICES = [*SERVICE_ERRORS, "kms"]


def _response_for(mapping: ResponseMapping, service_status: int) -> apigw.IntegrationResponse:
    """The integration response API Gateway picks for a service status (the pattern is matched
    against the whole status code; the default response takes what no pattern matches)."""
    matched = [
        r
        for r in mapping.integration_responses
        if r.selection_pattern is not None
        and re.fullmatch(r.selection_pattern, str(service_status))
    ]
    assert len(matched) <= 1, f"{service_status} matches {len(matched)} patterns"
    if matched:
        return matched[0]
    (default,) = [r for r in mapping.integration_responses if r.selection_pattern is None]
    return default


def _error(
    mapping: ResponseMapping, answer: Mapping[str, object], service_status: int = 400
) -> tuple[int, object]:
    response = _response_for(mapping, service_status)
    template = (response.response_templates or {})["application/json"]
    result = render_response(template, answer, status=int(response.status_code))
    return result.status, json.loads(result.body)


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_error_reaches_the_client_as_a_success(service: str) -> None:
    # GIVEN the mapping of a service
    mapping = error_mapping(service, success=dynamodb_item_response())
    # THEN every 4xx and 5xx status of the service matches exactly one error response,
    # and every 2xx/3xx the default (success) one
    for status in range(200, 600):
        chosen = _response_for(mapping, status)
        if status < 400:
            assert chosen.selection_pattern is None
        else:
            assert chosen.status_code[0] in "45"


@pytest.mark.parametrize("service", SERVICES)
def test_every_status_the_mapping_produces_is_listed(service: str) -> None:
    mapping = error_mapping(service, success=dynamodb_item_response())
    own = {r.status_code for r in mapping.integration_responses}
    assert not own & set(mapping.extra_status_codes)
    assert set(mapping.status_codes) == own | set(mapping.extra_status_codes)
    assert "404" in mapping.status_codes  # from the success template
    # every status a template can set through responseOverride is declared
    for response in mapping.integration_responses:
        for template in (response.response_templates or {}).values():
            for status in re.findall(r"#set\(\$cpStatus = (\d+)\)", template):
                assert status in mapping.status_codes


def test_the_default_response_is_the_success_one() -> None:
    success = dynamodb_item_response()
    mapping = error_mapping("dynamodb", success=success, success_status="200")
    first = mapping.integration_responses[0]
    assert first.status_code == "200"
    assert first.selection_pattern is None
    assert first.response_templates == {"application/json": success.vtl}
    assert [r.selection_pattern for r in mapping.integration_responses[1:]] == [
        r"4\d{2}",
        r"5\d{2}",
    ]
    assert mapping.extra_status_codes == ("404", "409", "429", "500", "503")


def test_without_a_success_template_the_answer_passes_through() -> None:
    mapping = error_mapping("sqs")
    assert mapping.integration_responses[0].response_templates == {"application/json": ""}


def test_a_success_template_may_be_raw_vtl_and_another_status() -> None:
    mapping = error_mapping("lambda", success="$input.body", success_status="202")
    assert mapping.integration_responses[0].status_code == "202"
    assert mapping.integration_responses[0].response_templates == {
        "application/json": "$input.body"
    }


def test_response_parameters_are_on_every_response() -> None:
    cors = {"method.response.header.Access-Control-Allow-Origin": "'https://example.com'"}
    mapping = error_mapping("dynamodb", response_parameters=cors)
    assert all(r.response_parameters == cors for r in mapping.integration_responses)


def test_the_content_type_is_chosen() -> None:
    mapping = error_mapping("sns", content_type="application/problem+json")
    assert all(
        list(r.response_templates or {}) == ["application/problem+json"]
        for r in mapping.integration_responses
    )


def test_fails_when_the_service_is_not_a_string() -> None:
    with pytest.raises(ValidationError) as error:
        error_mapping(None)  # type: ignore[arg-type]
    assert error.value.code == "invalid-service"


# ---------------------------------------------------------------- recorded DynamoDB errors


@pytest.mark.parametrize(
    ("answer", "status", "body"),
    [
        (
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message": "The conditional request failed",
            },
            409,
            {
                "message": "The conditional request failed",
                "type": "ConditionalCheckFailedException",
            },
        ),
        (
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                "message": "Requested resource not found",
            },
            404,
            {"message": "Requested resource not found", "type": "ResourceNotFoundException"},
        ),
        (
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "message": "The level of configured provisioned throughput for the table was "
                "exceeded. Consider increasing your provisioning level with the UpdateTable API.",
            },
            429,
            None,
        ),
        (
            {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "Rate"},
            429,
            {"message": "Rate", "type": "ThrottlingException"},
        ),
        (
            {
                "__type": "com.amazon.coral.service#AccessDeniedException",
                "Message": "User: arn:aws:sts::111122223333:assumed-role/ApiRole/"
                "BackplaneAssumeRoleSession is not authorized to perform: dynamodb:PutItem "
                "on resource: "
                "arn:aws:dynamodb:us-east-1:111122223333:table/doc-example-profiles",
            },
            500,
            {"message": "internal server error", "type": "InternalServerError"},
        ),
        (
            {
                "__type": "com.amazon.coral.validate#ValidationException",
                "message": "One or more parameter values were invalid: Missing the key username "
                "in the item",
            },
            400,
            {
                "message": "One or more parameter values were invalid: Missing the key username "
                "in the item",
                "type": "ValidationException",
            },
        ),
        (
            {"__type": "com.amazon.coral.service#SerializationException", "Message": None},
            400,
            {"message": "the request is not valid", "type": "SerializationException"},
        ),
        ({}, 400, {"message": "the request is not valid", "type": "BadRequest"}),
    ],
)
def test_dynamodb_client_errors_are_refined(
    answer: Mapping[str, object], status: int, body: object
) -> None:
    got_status, got_body = _error(error_mapping("dynamodb"), answer)
    assert got_status == status
    if body is not None:
        assert got_body == body


def test_a_service_5xx_is_a_502_with_a_generic_body() -> None:
    answer = {"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError", "message": "x"}
    assert _error(error_mapping("dynamodb"), answer, service_status=500) == (
        502,
        {"message": "the service failed to process the request", "type": "BadGateway"},
    )


def test_an_error_message_with_quotes_stays_valid_json() -> None:
    answer = {
        "__type": "com.amazon.coral.validate#ValidationException:http://internal.amazon.com/x",
        "message": "value 'a\"b' at \\ $input #set is not valid\n",
    }
    assert _error(error_mapping("dynamodb"), answer) == (
        400,
        {"message": "value 'a\"b' at \\ $input #set is not valid\n", "type": "ValidationException"},
    )


# --------------------------------------------------------------------- other services' errors


@pytest.mark.parametrize(
    ("service", "answer", "status", "error_type"),
    [
        # SQS JSON protocol
        (
            "sqs",
            {
                "__type": "com.amazonaws.sqs#QueueDoesNotExist",
                "message": "The specified queue does not exist.",
            },
            500,
            "InternalServerError",
        ),
        # SQS query protocol answered in JSON
        (
            "sqs",
            {
                "Error": {
                    "Type": "Sender",
                    "Code": "AWS.SimpleQueueService.NonExistentQueue",
                    "Message": "The specified queue does not exist for this wsdl version.",
                },
                "RequestId": "42d59b56-7407-4c4a-be0f-4c88daeea257",
            },
            500,
            "InternalServerError",
        ),
        (
            "sqs",
            {"Error": {"Type": "Sender", "Code": "InvalidParameterValue", "Message": "Bad"}},
            400,
            "InvalidParameterValue",
        ),
        (
            "sns",
            {
                "ErrorResponse": {
                    "Error": {"Type": "Sender", "Code": "Throttled", "Message": "Rate exceeded"}
                }
            },
            429,
            "Throttled",
        ),
        (
            "sns",
            {"Error": {"Type": "Sender", "Code": "AuthorizationError", "Message": "User: arn..."}},
            500,
            "InternalServerError",
        ),
        (
            "states",
            {
                "__type": "com.amazonaws.swf.service.model#ExecutionAlreadyExists",
                "message": "Exists",
            },
            409,
            "ExecutionAlreadyExists",
        ),
        (
            "stepfunctions",
            {"__type": "InvalidExecutionInput", "message": "bad"},
            400,
            "InvalidExecutionInput",
        ),
        (
            "events",
            {"__type": "ThrottlingException", "message": "Rate"},
            429,
            "ThrottlingException",
        ),
        (
            "kinesis",
            {"__type": "ProvisionedThroughputExceededException", "message": "R"},
            429,
            "ProvisionedThroughputExceededException",
        ),
        ("lambda", {"Type": "User", "message": "Request must be smaller"}, 413, "PayloadTooLarge"),
        ("kms", {"__type": "AccessDeniedException", "message": "no"}, 500, "InternalServerError"),
    ],
)
def test_service_errors_are_refined(
    service: str, answer: Mapping[str, object], status: int, error_type: str
) -> None:
    service_status = 413 if service == "lambda" else 400
    got_status, body = _error(error_mapping(service), answer, service_status)
    assert got_status == status
    assert isinstance(body, dict)
    assert body["type"] == error_type


@pytest.mark.parametrize(
    ("service_status", "status"), [(403, 500), (404, 404), (400, 400), (412, 412)]
)
def test_s3_errors_are_mapped_by_status(service_status: int, status: int) -> None:
    # GIVEN S3, which answers XML errors that a template cannot read
    mapping = error_mapping("s3")
    response = _response_for(mapping, service_status)
    # THEN the status alone picks the response, and its body is static JSON
    assert int(response.status_code) == status
    body = json.loads((response.response_templates or {})["application/json"])
    assert body == {"message": STATUS_TEXT[status][1], "type": STATUS_TEXT[status][0]}


# ------------------------------------------------------------------------------ the data itself


def test_every_error_code_is_safe_in_a_vtl_literal() -> None:
    for errors in SERVICE_ERRORS.values():
        for code, status in errors.codes.items():
            assert re.fullmatch(r"[A-Za-z0-9_.:+-]+", code)
            assert status in STATUS_TEXT
        for service_status, status in errors.statuses.items():
            assert re.fullmatch(r"[45][0-9][0-9]", service_status)
            assert status in STATUS_TEXT


def test_every_status_text_is_plain() -> None:
    for error_type, message in STATUS_TEXT.values():
        assert re.fullmatch(r"[A-Za-z]+", error_type)
        assert re.fullmatch(r"[a-z ,]+", message)


def test_error_statuses_override_the_services_table() -> None:
    mapping = error_mapping("dynamodb", error_statuses={"ConditionalCheckFailedException": 404})
    error = {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}
    response = _response_for(mapping, 400)
    rendered = render_response(
        (response.response_templates or {})["application/json"], error, status=400
    )
    assert rendered.status == 404
    assert "404" in mapping.status_codes


@pytest.mark.parametrize(
    ("service", "statuses", "code"),
    [
        ("s3", {"NoSuchKey": 404}, "unsupported-error-statuses"),
        ("dynamodb", {"Bad'Name": 400}, "invalid-error-name"),
        ("dynamodb", {"ValidationException": 99}, "invalid-status-code"),
    ],
)
def test_fails_when_error_statuses_cannot_apply(
    service: str, statuses: dict[str, int], code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        error_mapping(service, error_statuses=statuses)
    assert raised.value.code == code
