"""Loading a template for LocalApi: from a cdk.Stack, a dict, a file, a cdk.out folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs

from constructs_pkg.testing._local._errors import LocalApiError
from constructs_pkg.testing._local._source import load_template, templates_in

TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}},
        "Queue": {"Type": "AWS::SQS::Queue"},
    }
}


def _app_with_nested(outdir: Path) -> tuple[cdk.App, cdk.Stack, dynamodb.Table, sqs.Queue]:
    app = cdk.App(outdir=str(outdir))
    stack = cdk.Stack(app, "Outer")
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    nested = cdk.NestedStack(stack, "Inner")
    queue = sqs.Queue(nested, "Queue")
    return app, stack, table, queue


def test_loads_a_stack_with_its_nested_templates(tmp_path: Path) -> None:
    # GIVEN a stack with a table and a nested stack holding a queue
    _, stack, table, queue = _app_with_nested(tmp_path)
    # WHEN it is loaded
    loaded = load_template(stack)
    # THEN the stack's template, name and assembly folder come along, and the nested template
    table_id = stack.get_logical_id(table.node.default_child)  # type: ignore[arg-type]
    assert loaded.stack_name == "Outer"
    assert loaded.template["Resources"][table_id]["Type"] == "AWS::DynamoDB::Table"
    assert loaded.directory == tmp_path
    scopes = dict(loaded.scopes())
    assert len(scopes) == 2
    (nested_scope,) = [scope for scope in scopes if scope]
    queue_types = [r["Type"] for r in scopes[nested_scope]["Resources"].values()]
    assert queue_types == ["AWS::SQS::Queue"]
    # AND constructs are located in their template, nested ones with their scope
    assert loaded.locate(table) == ("", table_id)
    assert loaded.logical_id_of(table) == table_id
    scope, queue_id = loaded.locate(queue)
    assert scope == nested_scope
    assert loaded.resource(scope, queue_id) == scopes[nested_scope]["Resources"][queue_id]
    # AND a nested resource's logical id alone is found when it is unique
    assert loaded.locate(queue_id) == (nested_scope, queue_id)
    assert loaded.locate(f"{nested_scope}/{queue_id}") == (nested_scope, queue_id)


def test_loads_a_dict() -> None:
    loaded = load_template(TEMPLATE)
    assert loaded.template is TEMPLATE
    assert loaded.stack_name == "LocalApi"
    assert loaded.directory is None
    assert loaded.logical_id_of("Queue") == "Queue"
    assert load_template(TEMPLATE, stack_name="Mine").stack_name == "Mine"


def test_loads_a_file_and_a_cloud_assembly_folder(tmp_path: Path) -> None:
    # GIVEN an app synthesized to a folder
    app, _stack, _, _ = _app_with_nested(tmp_path)
    app.synth()
    stacks = templates_in(tmp_path)
    assert stacks == {"Outer": tmp_path / "Outer.template.json"}
    # WHEN the template file, or the folder, is loaded
    for source in (stacks["Outer"], str(stacks["Outer"]), tmp_path):
        loaded = load_template(source)
        # THEN the stack's name comes from the manifest and nested templates are found
        assert loaded.stack_name == "Outer"
        assert loaded.directory == tmp_path
        assert len(list(loaded.scopes())) == 2


def test_a_file_outside_an_assembly_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "Mine.template.json"
    path.write_text(json.dumps(TEMPLATE))
    assert load_template(path).stack_name == "Mine"


def test_templates_in_reads_stages(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stage = cdk.Stage(app, "Dev")
    sqs.Queue(cdk.Stack(stage, "Stack"), "Queue")
    sqs.Queue(cdk.Stack(app, "Top"), "Queue")
    app.synth()
    stacks = templates_in(tmp_path)
    assert set(stacks) == {"Dev-Stack", "Top"}
    assert all(path.is_file() for path in stacks.values())


def test_fails_when_the_path_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(LocalApiError) as caught:
        load_template(tmp_path / "nope.template.json")
    assert caught.value.code == "template-not-found"


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"Outputs": {}}'])
def test_fails_when_the_file_is_not_a_template(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.template.json"
    path.write_text(content)
    with pytest.raises(LocalApiError) as caught:
        load_template(path)
    assert caught.value.code == "invalid-template"


def test_fails_when_the_dict_is_not_a_template() -> None:
    with pytest.raises(LocalApiError) as caught:
        load_template({"Outputs": {}})
    assert caught.value.code == "invalid-template"


def test_fails_when_the_folder_holds_several_stacks(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    sqs.Queue(cdk.Stack(app, "One"), "Queue")
    sqs.Queue(cdk.Stack(app, "Two"), "Queue")
    app.synth()
    with pytest.raises(LocalApiError) as caught:
        load_template(tmp_path)
    assert caught.value.code == "invalid-template"
    assert "'One'" in caught.value.message and "'Two'" in caught.value.message
    assert load_template(tmp_path, stack_name="Two").stack_name == "Two"


def test_fails_when_the_source_is_not_a_stack() -> None:
    with pytest.raises(LocalApiError) as caught:
        load_template(42)  # type: ignore[arg-type]
    assert caught.value.code == "invalid-template"


def test_fails_when_the_logical_id_is_unknown() -> None:
    loaded = load_template(TEMPLATE)
    with pytest.raises(LocalApiError) as caught:
        loaded.logical_id_of("Tabel")
    assert caught.value.code == "unknown-logical-id"
    assert "did you mean 'Table'?" in caught.value.message


def test_fails_when_the_target_is_no_resource(tmp_path: Path) -> None:
    _, stack, _, _ = _app_with_nested(tmp_path)
    loaded = load_template(stack)
    with pytest.raises(LocalApiError) as caught:
        loaded.locate(object())
    assert caught.value.code == "unknown-logical-id"
    other = cdk.Stack(cdk.App(), "Other")
    stranger = sqs.Queue(other, "Stranger")
    with pytest.raises(LocalApiError) as caught:
        loaded.locate(stranger)
    assert caught.value.code == "unknown-logical-id"


def test_physical_id_of_finds_nested_resources(tmp_path: Path) -> None:
    from constructs_pkg.testing._local._names import TemplateNames, physical_id_of

    _, stack, table, queue = _app_with_nested(tmp_path)
    loaded = load_template(stack)
    names = TemplateNames(loaded, region="us-east-1", account="111122223333")
    assert physical_id_of(loaded, names, table).startswith("Outer-Table")
    queue_url = physical_id_of(loaded, names, queue)
    assert queue_url.startswith("https://sqs.us-east-1.amazonaws.com/111122223333/Outer")
    with pytest.raises(LocalApiError) as caught:
        physical_id_of(loaded, names, "Nope")
    assert caught.value.code == "unknown-logical-id"
