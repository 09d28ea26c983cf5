"""The offline renderer's semantics, checked against the API Gateway developer guide.

Unless a test says otherwise, the expected values come from "Variables for data transformations
for API Gateway" (formerly "API Gateway mapping template and access logging variable
reference"): https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
and its companion page of examples:
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-variable-examples.html
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from constructs_pkg.testing import (
    SampleRequest,
    TemplateRenderError,
    escape_javascript,
    render_integration_request,
    render_method_request,
    render_request,
    render_response,
    resolve_tokens,
)

# The boto3 example's templates (aws-doc-sdk-examples, api-gateway/aws_service), byte for byte.
PUT_ITEM = (
    '{"TableName": "doc-example-profiles", "Item": {"username": {"S": '
    '"$input.path(\'$.username\')"}, "name": {"S": "$input.path(\'$.name\')"}, "title": '
    '{"S": "$input.path(\'$.title\')"}}}'
)
GET_ITEM = (
    '{"TableName": "doc-example-profiles", "Key": {"username": {"S": '
    '"$method.request.path.username"}}}'
)
INJECTION = {"name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "'}

PETS = {
    "pets": [
        {"id": 1, "type": "dog", "price": 249.99},
        {"id": 2, "type": "cat", "price": 124.99},
        {"id": 3, "type": "fish", "price": 0.99},
    ]
}


class _Method:
    """A stand-in exposing what ``render_method_request`` reads of a method."""

    def __init__(self, request_templates: Mapping[str, str]) -> None:
        self.request_templates = request_templates


# --------------------------------------------------------------------------------- $input


def test_input_body_is_the_raw_payload() -> None:
    # "$input.body: Returns the raw request payload as a string."
    raw = '{ "a" : 1,\n "b": "x" }'
    assert render_request("$input.body", SampleRequest(body=raw)) == raw


def test_input_body_of_a_mapping_is_its_json_dumps() -> None:
    assert render_request("$input.body", SampleRequest(body={"a": [1, 2]})) == '{"a": [1, 2]}'


def test_input_json_returns_a_json_string_of_the_selection() -> None:
    # "$input.json('$.pets') returns a JSON string representing the pets structure."
    rendered = render_request("$input.json('$.pets')", SampleRequest(body=PETS))
    assert json.loads(rendered) == PETS["pets"]
    # THEN compact, as the JVM's JSON writer produces it
    assert rendered.startswith('[{"id":1,"type":"dog","price":249.99}')


def test_input_json_of_a_string_is_quoted() -> None:
    # Example "Pass part of a method request": "body" : $input.json('$.mykey')
    template = '{"name" : "$input.params(\'name\')", "body" : $input.json(\'$.mykey\')}'
    request = SampleRequest(body={"mykey": "my value"}, query={"name": "me"})
    assert json.loads(render_request(template, request)) == {"name": "me", "body": "my value"}


def test_input_json_whole_body_example() -> None:
    # Example JSON mapping template: {"name" : "$input.params('name')", "body" : $input.json('$')}
    template = '{\n    "name" : "$input.params(\'name\')",\n    "body" : $input.json(\'$\')\n}'
    request = SampleRequest(body={"a": {"b": [1, True, None]}}, query={"name": "Ana"})
    assert json.loads(render_request(template, request)) == {
        "name": "Ana",
        "body": {"a": {"b": [1, True, None]}},
    }


def test_input_json_of_a_missing_path_is_an_empty_json_string() -> None:
    assert render_request("$input.json('$.nope')", SampleRequest(body={"a": 1})) == '""'


def test_input_json_of_an_empty_body_is_an_empty_object() -> None:
    assert render_request("$input.json('$')") == "{}"
    assert render_request("[$input.body]") == "[]"


def test_input_path_returns_objects_vtl_can_use() -> None:
    # "$input.path('$.pets').size() would return "3"" (the guide's pets example)
    template = "$input.path('$.pets').size() #foreach($pet in $input.path('$.pets'))$pet.type,#end"
    assert render_request(template, SampleRequest(body=PETS)) == "3 dog,cat,fish,"


def test_input_path_request_and_response_example() -> None:
    # Example "Request and response using $input": POST /things/abc gives id "abc", count "3".
    template = (
        '{\n    "id" : "$input.params(\'id\')",\n'
        '    "count" : "$input.path(\'$.things\').size()",\n'
        "    \"things\" : $input.json('$.things')\n}"
    )
    request = SampleRequest(
        body={"things": {"1": {}, "2": {}, "3": {}}},
        path_params={"id": "abc"},
        resource_path="/things/{id}",
    )
    assert json.loads(render_request(template, request)) == {
        "id": "abc",
        "count": "3",
        "things": {"1": {}, "2": {}, "3": {}},
    }


def test_input_path_values_are_inserted_verbatim() -> None:
    body = {"s": 'a "quoted" \\ value', "n": 2, "b": False, "z": None}
    template = "$input.path('$.s')|$input.path('$.n')|$input.path('$.b')|$input.path('$.z')|"
    assert render_request(template, SampleRequest(body=body)) == 'a "quoted" \\ value|2|false||'


def test_input_path_renders_objects_as_java_maps_and_arrays_as_json() -> None:
    body = {"a": 1, "b": [{"c": 5}], "d": {"e": "x"}}
    assert render_request("$input.path('$')", SampleRequest(body=body)) == (
        '{a=1, b=[{"c":5}], d={e=x}}'
    )


def test_input_path_of_a_missing_path_is_empty() -> None:
    template = "[$input.path('$.nope')]#if($input.path('$.nope') == '') empty#end"
    assert render_request(template, SampleRequest(body={})) == "[] empty"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.pets[0].type", "dog"),
        ("$.pets[-1].id", "3"),
        ("$['pets'][1]['type']", "cat"),
        ("pets[1].id", "2"),
        ("$.pets[*].id", "[1,2,3]"),
        ("$.pets[0:2].type", '["dog","cat"]'),
        ("$..type", '["dog","cat","fish"]'),
    ],
)
def test_input_path_jsonpath_forms(path: str, expected: str) -> None:
    # a double-quoted VTL string, so the path may hold single quotes
    assert render_request(f'$input.path("{path}")', SampleRequest(body=PETS)) == expected


def test_input_params_returns_the_map_of_all_parameters() -> None:
    # Example "Pass all request parameters ... via a JSON payload", verbatim.
    template = """#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}"""
    request = SampleRequest(
        path_params={"petId": "7"},
        query={"type": "dog", "page": "2"},
        headers={"Accept": "application/json"},
    )
    assert json.loads(render_request(template, request)) == {
        "params": {
            "path": {"petId": "7"},
            "querystring": {"type": "dog", "page": "2"},
            "header": {"Accept": "application/json"},
        }
    }


def test_input_params_name_searches_path_then_querystring_then_header() -> None:
    # "$input.params(x): ... from the path, query string, or header value (searched in that
    # order)"
    template = "$input.params('x')|$input.params('y')|$input.params('z')|$input.params('no')|"
    request = SampleRequest(
        path_params={"x": "path"},
        query={"x": "query", "y": "query"},
        headers={"x": "header", "y": "header", "z": "header"},
    )
    assert render_request(template, request) == "path|query|header||"


def test_input_params_finds_headers_whatever_the_case() -> None:
    request = SampleRequest(headers={"X-Api-Version": "2"})
    assert render_request("$input.params('x-api-version')", request) == "2"


# ---------------------------------------------------------------------------------- $util


def test_util_escape_javascript_escapes_quotes_backslashes_and_controls() -> None:
    # "$util.escapeJavaScript(): Escapes the characters in a string using JavaScript string
    # rules" (Apache Commons Lang StringEscapeUtils.escapeJavaScript).
    text = 'say "hi"\\ / \n\t\r\b\f \x01 \x7f é 😀'
    assert escape_javascript(text) == (
        'say \\"hi\\"\\\\ \\/ \\n\\t\\r\\b\\f \\u0001 \x7f \\u00E9 \\uD83D\\uDE00'
    )


def test_util_escape_javascript_turns_single_quotes_into_invalid_json() -> None:
    # "This function will turn any regular single quotes (') into escaped ones (\'). However,
    # the escaped single quotes are not valid in JSON."
    template = '{"name": "$util.escapeJavaScript($input.path(\'$.name\'))"}'
    rendered = render_request(template, SampleRequest(body={"name": "O'Brien"}))
    assert rendered == '{"name": "O\\\'Brien"}'
    with pytest.raises(json.JSONDecodeError):
        json.loads(rendered)


def test_util_escape_javascript_with_the_guides_replace_all_workaround() -> None:
    # "...you must turn any escaped single quotes (\') back to regular single quotes ('):
    # $util.escapeJavaScript(data).replaceAll("\\'","'")"
    template = (
        '{"name": "$util.escapeJavaScript($input.path(\'$.name\')).replaceAll("\\\\\'","\'")"}'
    )
    rendered = render_request(template, SampleRequest(body={"name": 'O\'Brien "Jr"'}))
    assert json.loads(rendered) == {"name": 'O\'Brien "Jr"'}


@given(st.text().filter(lambda text: "'" not in text))
def test_util_escape_javascript_round_trips_in_a_json_string_without_single_quotes(
    text: str,
) -> None:
    assert json.loads(f'"{escape_javascript(text)}"') == text
    template = '{"v": "$util.escapeJavaScript($input.path(\'$.v\'))"}'
    assert json.loads(render_request(template, SampleRequest(body={"v": text}))) == {"v": text}


@given(st.text())
def test_util_escape_javascript_round_trips_any_text_with_the_workaround(text: str) -> None:
    template = '{"v": "$util.escapeJavaScript($input.path(\'$.v\')).replaceAll("\\\\\'","\'")"}'
    assert json.loads(render_request(template, SampleRequest(body={"v": text}))) == {"v": text}


def test_util_parse_json() -> None:
    # The guide's parseJson example: payload {"errorMessage":"{\"key1\":\"var1\",\"key2\":
    # {\"arr\":[1,2,3]}}"} with this template gives {"errorMessageObjKey2ArrVal" : 1}.
    payload = {"errorMessage": '{"key1":"var1","key2":{"arr":[1,2,3]}}'}
    template = (
        "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n"
        "{\n"
        '   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n'
        "}\n"
    )
    rendered = render_response(template, payload).body
    assert json.loads(rendered) == {"errorMessageObjKey2ArrVal": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "$util.urlEncode(): Converts a string into "application/x-www-form-urlencoded"
        # format" - Java's URLEncoder: space -> '+', '*' '-' '.' '_' kept, rest %XX (UTF-8).
        ("Hello World!", "Hello+World%21"),
        ("a=1&b=2", "a%3D1%26b%3D2"),
        ("*-._~", "*-._%7E"),
        ("é", "%C3%A9"),
    ],
)
def test_util_url_encode(text: str, expected: str) -> None:
    assert render_request(
        "$util.urlEncode($input.path('$.t'))", SampleRequest(body={"t": text})
    ) == (expected)


def test_util_url_decode() -> None:
    # "$util.urlDecode(): Decodes an "application/x-www-form-urlencoded" string."
    template = "$util.urlDecode('Hello+World%21%20%C3%A9')"
    assert render_request(template) == "Hello World! é"


@pytest.mark.parametrize(
    ("text", "encoded"),
    # RFC 4648 section 10 test vectors, and UTF-8 ("the default character set is UTF-8")
    [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foobar", "Zm9vYmFy"), ("é", "w6k=")],
)
def test_util_base64_encode_and_decode(text: str, encoded: str) -> None:
    request = SampleRequest(body={"t": text, "e": encoded})
    assert render_request("$util.base64Encode($input.path('$.t'))", request) == encoded
    assert render_request("$util.base64Decode($input.path('$.e'))", request) == text


def test_util_functions_of_null_render_nothing() -> None:
    assert render_request("[$util.escapeJavaScript($nothing)]") == "[]"


# ------------------------------------------------------------------------------- $context


def test_context_variables_example() -> None:
    # Example 1 "Pass multiple $context variables to the integration endpoint": with the
    # guide's values, the template gives the guide's output.
    template = """{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}"""
    request = SampleRequest(
        http_method="GET",
        stage="prod",
        resource_path="/",
        headers={"User-Agent": "curl/7.84.0"},
        context={
            "requestId": "abcdefg-000-000-0000-abcdefg",
            "identity.accountId": "111122223333",
            "identity.apiKey": "MyTestKey",
            "identity.caller": "ABCD-0000-12345",
            "identity": {
                "user": "ABCD-0000-12345",
                "userArn": "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar",
            },
        },
    )
    assert json.loads(render_request(template, request)) == {
        "stage": "prod",
        "request_id": "abcdefg-000-000-0000-abcdefg",
        "api_id": "abcd1234",
        "resource_path": "/",
        "resource_id": "efg567",
        "http_method": "GET",
        "source_ip": "192.0.2.1",
        "user-agent": "curl/7.84.0",
        "account_id": "111122223333",
        "api_key": "MyTestKey",
        "caller": "ABCD-0000-12345",
        "user": "ABCD-0000-12345",
        "user_arn": "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar",
    }


def test_context_path_and_resource_path() -> None:
    # "$context.path: ... for a non-proxy request URL of .../{stage}/root/child, the
    # $context.path value is /{stage}/root/child"; "$context.resourcePath ... is /root/child"
    request = SampleRequest(resource_path="/root/{name}", path_params={"name": "child"})
    rendered = render_request("$context.path $context.resourcePath", request)
    assert rendered == "/test/root/child /root/{name}"


def test_context_request_time_formats() -> None:
    # "$context.requestTime: The CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm)";
    # "$context.requestTimeEpoch: The Epoch-formatted request time, in milliseconds."
    clf, epoch = render_request("$context.requestTime|$context.requestTimeEpoch").split("|")
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}", clf)
    assert epoch == "1428582896000"


def test_context_ids_and_identity_defaults_are_deterministic() -> None:
    template = "$context.requestId $context.extendedRequestId $context.identity.sourceIp"
    assert render_request(template) == render_request(template)
    assert render_request("$context.identity.cognitoIdentityId|") == "|"


def test_context_authorizer_values_are_stringified() -> None:
    # "$context.authorizer.property": for the context map {"key": "value", "numKey": 1,
    # "boolKey": true}, numKey returns the "1" string and boolKey the "true" string.
    request = SampleRequest(
        context={"authorizer": {"key": "value", "numKey": 1, "boolKey": True}},
    )
    template = "$context.authorizer.key $context.authorizer.numKey $context.authorizer.boolKey"
    assert render_request(template, request) == "value 1 true"


def test_context_authorizer_claims() -> None:
    # "$context.authorizer.claims.property ... Calling $context.authorizer.claims returns null."
    request = SampleRequest(context={"authorizer.claims.sub": "user-sub"})
    assert render_request("$context.authorizer.claims.sub", request) == "user-sub"
    assert render_request("[$context.authorizer.claims]") == "[]"


def test_context_response_override_status_and_header() -> None:
    # Tutorial "Override an API's response status code": this template makes "Method
    # completed with status: 400" for the out-of-range error body.
    template = """#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("error"))
#set($context.responseOverride.status = 400)
#set($context.responseOverride.header.X-Reason = "$inputRoot.errors[0].key")
#end
"""
    error = {"errors": [{"key": "GetPetRequest.petId", "message": "The value is out of range."}]}
    response = render_response(template, error)
    assert json.loads(response.body) == error
    assert response.status == 400
    assert response.status_override == "400"
    assert response.header_overrides == {"X-Reason": "GetPetRequest.petId"}


def test_context_response_without_override_keeps_the_status() -> None:
    response = render_response("$input.json('$.Item')", {"Item": {"a": 1}}, status=201)
    assert (response.body, response.status, response.status_override) == ('{"a":1}', 201, None)
    assert response.header_overrides == {}


def test_context_request_override_headers() -> None:
    # Tutorial "Override an API's request parameters and headers": header3 is header1Val +
    # header2Val and header1 becomes foo.
    template = """#set($header1Override = "foo")
#set($header3Value = "$input.params('header1')$input.params('header2')")
$input.json("$")
#set($context.requestOverride.header.header3 = $header3Value)
#set($context.requestOverride.header.header1 = $header1Override)
"""
    request = SampleRequest(headers={"header1": "header1Val", "header2": "header2Val"})
    rendered = render_integration_request(template, request)
    assert rendered.header_overrides == {"header3": "header1Valheader2Val", "header1": "foo"}
    assert rendered.body.strip() == "{}"


def test_stage_variables_in_all_three_syntaxes() -> None:
    # "$stageVariables.<variable_name>", "$stageVariables['<variable_name>']",
    # "${stageVariables['<variable_name>']}"
    request = SampleRequest(stage_variables={"table": "profiles"})
    template = "$stageVariables.table $stageVariables['table'] ${stageVariables['table']}"
    assert render_request(template, request) == "profiles profiles profiles"


# ---------------------------------------------------------------------- $method, unknowns


def test_method_request_is_not_a_template_variable_and_renders_empty() -> None:
    # `method.request.path.x` is parameter-mapping syntax; in a template `$method` is an
    # unknown reference, which API Gateway renders as nothing (LocalStack gives "" too).
    request = SampleRequest(path_params={"username": "jane"}, resource_path="/profiles/{username}")
    assert render_request("[$method.request.path.username]", request) == "[]"


def test_get_item_template_of_the_boto3_example_loses_the_key() -> None:
    # GIVEN the example's GetItem template and GET /profiles/jane
    request = SampleRequest(
        http_method="GET",
        resource_path="/profiles/{username}",
        path_params={"username": "jane"},
    )
    # WHEN rendered THEN the key is an empty string, not "jane": DynamoDB rejects it
    # ("The AttributeValue for a key attribute cannot contain an empty string value").
    assert json.loads(render_request(GET_ITEM, request)) == {
        "TableName": "doc-example-profiles",
        "Key": {"username": {"S": ""}},
    }


# ------------------------------------------------------------------- the boto3 example


def test_put_item_template_of_the_boto3_example() -> None:
    body = {"username": "will", "name": "William Shakespeare", "title": "playwright"}
    assert json.loads(render_request(PUT_ITEM, SampleRequest(body=body))) == {
        "TableName": "doc-example-profiles",
        "Item": {
            "username": {"S": "will"},
            "name": {"S": "William Shakespeare"},
            "title": {"S": "playwright"},
        },
    }


def test_put_item_template_of_the_boto3_example_is_injectable() -> None:
    # GIVEN a client that puts JSON syntax in "name"
    rendered = render_request(PUT_ITEM, SampleRequest(body=INJECTION))
    # THEN the rendered request is valid JSON whose item has an attribute the API never meant
    item = json.loads(rendered)["Item"]
    assert item["admin"] == {"BOOL": True}
    assert set(item) == {"username", "name", "admin", "y", "title"}


# --------------------------------------------------------------------------------- tokens


def test_tokens_render_as_readable_placeholders() -> None:
    template = '{"TableName": "${Token[TOKEN.123]}", "List": "#{Token[TOKEN.7]}"}'
    assert json.loads(render_request(template)) == {
        "TableName": "Token[TOKEN.123]",
        "List": "Token[TOKEN.7]",
    }


def test_tokens_can_be_given_values() -> None:
    tokens = {"${Token[TOKEN.123]}": "profiles"}
    template = '{"TableName": "${Token[TOKEN.123]}"}'
    assert render_request(template, tokens=tokens) == '{"TableName": "profiles"}'
    assert resolve_tokens("a ${Token[TOKEN.9]} b", tokens) == "a Token[TOKEN.9] b"


# ------------------------------------------------------------------------ render_response


def test_empty_response_template_passes_the_body_through() -> None:
    # The boto3 example's integration response: responseTemplates {"application/json": ""}
    scan = {"Count": 1, "Items": [{"username": {"S": "jane"}}]}
    response = render_response("", scan)
    assert (json.loads(response.body), response.status) == (scan, 200)


def test_response_template_params_read_the_client_request() -> None:
    request = SampleRequest(path_params={"username": "jane"})
    template = "$input.params('username') $input.path('$.Item.name.S')"
    response = render_response(template, {"Item": {"name": {"S": "Jane"}}}, request=request)
    assert response.body == "jane Jane"


# ------------------------------------------------------------------ render_method_request


def test_method_request_template_chosen_by_content_type() -> None:
    method = _Method(
        {"application/json": "json:$input.path('$.a')", "text/plain": "text:$input.body"}
    )
    request = SampleRequest(body='{"a": "x"}')
    assert render_method_request(method, request) == "json:x"
    assert render_method_request(method, request, content_type="text/plain") == 'text:{"a": "x"}'
    assert (
        render_method_request(method, request, content_type="Application/JSON; charset=UTF-8")
        == "json:x"
    )


def test_method_request_gets_the_content_type_header() -> None:
    method = _Method({"application/json": "$input.params('Content-Type')"})
    assert render_method_request(method) == "application/json"


def test_fails_when_no_template_matches_the_content_type() -> None:
    method = _Method({"application/json": "{}"})
    with pytest.raises(TemplateRenderError) as caught:
        render_method_request(method, content_type="application/xml")
    assert caught.value.code == "no-matching-template"
    assert "415" in caught.value.message


def test_fails_when_the_method_has_no_request_templates() -> None:
    with pytest.raises(TemplateRenderError) as caught:
        render_method_request(_Method({}))
    assert caught.value.code == "no-request-templates"


# --------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("template", "body", "code"),
    [
        ("#if($x", None, "vtl-syntax-error"),
        ("$input.path('$.a')", "not json", "invalid-json-body"),
        ("$input.json('$.a[?(@.b)]')", "{}", "invalid-jsonpath"),
        ("$util.base64Decode('%%%')", None, "invalid-base64"),
        ("$util.parseJson('{oops')", None, "invalid-json"),
        ("$input.path('$.a').get(5)", '{"a": [1]}', "vtl-execution-error"),
    ],
)
def test_fails_when_the_template_cannot_render(template: str, body: str | None, code: str) -> None:
    with pytest.raises(TemplateRenderError) as caught:
        render_request(template, SampleRequest(body=body))
    assert caught.value.code == code


def test_a_non_json_body_renders_when_only_read_raw() -> None:
    form = "a=1&b=two"
    assert render_request("Body=$util.urlEncode($input.body)", SampleRequest(body=form)) == (
        "Body=a%3D1%26b%3Dtwo"
    )
