"""The public API: re-exported from constructs_pkg, sorted, complete, documented."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import typing

import constructs_pkg
import constructs_pkg.testing


def test_all_is_sorted_and_unique() -> None:
    for module in (constructs_pkg, constructs_pkg.testing):
        assert list(module.__all__) == sorted(set(module.__all__)), module.__name__


def test_all_is_complete() -> None:
    """Every public name bound in the package is listed (and every listed name exists)."""
    for module in (constructs_pkg, constructs_pkg.testing):
        # the first CDK name asked for binds them all (constructs_pkg.__getattr__)
        for name in module.__all__:
            assert hasattr(module, name), name
        public = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_") and not inspect.ismodule(value)
        }
        assert public == set(module.__all__) - {"__version__"}, module.__name__


def test_a_method_with_cors_and_a_generated_template_works_from_a_fresh_import() -> None:
    """The public CORS and template names work with the construct in a fresh process."""
    code = (
        "import aws_cdk as cdk\n"
        "from aws_cdk import aws_apigateway as apigw\n"
        "import constructs_pkg as c\n"
        "stack = cdk.Stack(cdk.App(), 'S')\n"
        "api = apigw.RestApi(stack, 'Api', deploy=False)\n"
        "m = c.ServiceIntegrationMethod(stack, 'Rich', resource=api.root.add_resource('x'),"
        " http_method='POST', service='sqs', action='SendMessage',"
        " resources=['arn:aws:sqs:us-east-1:1:q'], cors=c.Cors(allow_origins=['https://a.example']),"
        " request_templates={'application/x-www-form-urlencoded': c.FormTemplate("
        "{'Action': 'SendMessage', 'QueueUrl': 'https://sqs.us-east-1.amazonaws.com/1/q',"
        " 'MessageBody': c.From.whole_body()})})\n"
        "print(isinstance(c.FormTemplate({'A': 'b'}), c.RequestTemplateSource),"
        " 'Access-Control-Allow-Origin' in str(m.integration_responses))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "True True"


def test_every_public_name_has_a_docstring() -> None:
    for module in (constructs_pkg, constructs_pkg.testing):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) or inspect.isfunction(value):
                assert inspect.getdoc(value), f"{module.__name__}.{name} has no docstring"


def test_construct_documents_each_keyword_default() -> None:
    """Each keyword of ServiceIntegrationMethod is a documented :param: of the class."""
    doc = inspect.getdoc(constructs_pkg.ServiceIntegrationMethod) or ""
    documented = set(re.findall(r":param (\w+):", doc))
    init = constructs_pkg.ServiceIntegrationMethod.__init__
    params = set(inspect.signature(init).parameters) - {"self"}
    assert params <= documented, sorted(params - documented)


def test_version_is_single_sourced() -> None:
    from importlib.metadata import version

    assert constructs_pkg.__version__ == version("constructs-pkg")


def _undocumented(cls: type) -> set[str]:
    doc = inspect.getdoc(cls) or ""
    documented = set(re.findall(r":param (\w+):", doc))
    params = set(inspect.signature(cls.__init__).parameters) - {"self"}
    return params - documented


def test_presets_and_shards_document_each_keyword() -> None:
    import constructs_pkg.presets

    classes = [getattr(constructs_pkg.presets, n) for n in constructs_pkg.presets.__all__]
    classes.append(constructs_pkg.MethodShards)
    missing = {
        c.__name__: sorted(_undocumented(c))
        for c in classes
        if isinstance(c, type) and not typing.is_typeddict(c)
    }
    assert {name: keys for name, keys in missing.items() if keys} == {}
