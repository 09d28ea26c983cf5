"""The services at an endpoint where the stack is deployed (``endpoint_url=``, e.g. LocalStack
at ``http://127.0.0.1:4566``).

Nothing is created: physical ids are read from the endpoint's CloudFormation stack named like
the template (nested stacks followed through their stack ids), attributes (ARNs, names) are
derived from them, the account comes from the endpoint's STS ``GetCallerIdentity`` (else from
the ARNs). Requests are signed like AWS's (dummy credentials) and sent to the endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._aws import client as make_client
from ._aws import sign, url_of
from ._backend import (
    IntegrationFailureError,
    IntegrationTimeoutError,
    ServiceRequest,
    ServiceResponse,
)
from ._errors import LocalApiError
from ._names import _API_GATEWAY_IDS, TemplateNames
from ._source import NESTED_STACK, LoadedTemplate

__all__ = ["EndpointBackend"]

_ACCESS_KEY: Final = "test"  # LocalStack's conventional key: its default account
_DEFAULT_ACCOUNT: Final = "000000000000"

Deployed = dict[tuple[str, str], tuple[str, str]]
"""(scope, logical id) -> (resource type, physical id)."""


class EndpointBackend:
    """The services behind a :class:`~constructs_pkg.testing.LocalApi` at ``endpoint_url``.

    :param loaded: the template (its stack must be deployed at the endpoint under
        ``loaded.stack_name``).
    :param endpoint_url: where the services are, e.g. ``http://127.0.0.1:4566``.
    :param region: the region the stack is deployed in.
    :raises LocalApiError: ``endpoint-unreachable`` (nothing answers at ``endpoint_url``),
        ``stack-not-deployed`` (no such CloudFormation stack there).
    """

    def __init__(self, loaded: LoadedTemplate, *, endpoint_url: str, region: str) -> None:
        self.loaded = loaded
        self.endpoint_url = endpoint_url.rstrip("/")
        self.region = region
        self._clients: dict[str, Any] = {}
        self._pool: Any = None
        deployed = self._deployed()
        self.account = self._account(deployed)
        self.names = EndpointNames(
            loaded, region=region, account=self.account, deployed=deployed, backend=self
        )

    # --- reading the deployed stack --------------------------------------------------------

    def _deployed(self) -> Deployed:
        from botocore.exceptions import BotoCoreError, ClientError

        cloudformation = self.client("cloudformation")
        found: Deployed = {}
        pending = [("", self.loaded.stack_name)]
        while pending:
            scope, stack = pending.pop()
            try:
                resources = cloudformation.describe_stack_resources(StackName=stack)
            except ClientError as error:
                if scope:  # a nested stack the endpoint does not report: skip it
                    continue
                raise LocalApiError(
                    "stack-not-deployed",
                    f"no CloudFormation stack {stack!r} at {self.endpoint_url!r} "
                    f"({error.response.get('Error', {}).get('Message', error)}); deploy the "
                    "stack there first (e.g. cdklocal deploy), or leave endpoint_url unset to "
                    "run on the in-process backend",
                ) from error
            except BotoCoreError as error:
                raise LocalApiError(
                    "endpoint-unreachable",
                    f"nothing answers at {self.endpoint_url!r} ({error}); start the emulator "
                    "(e.g. LocalStack) or leave endpoint_url unset to run on the in-process "
                    "backend",
                ) from error
            for resource in resources.get("StackResources") or []:
                logical_id = str(resource["LogicalResourceId"])
                kind = str(resource.get("ResourceType"))
                physical = str(resource.get("PhysicalResourceId") or "")
                if not physical:
                    continue
                found[(scope, logical_id)] = (kind, physical)
                if kind == NESTED_STACK:
                    pending.append((f"{scope}/{logical_id}" if scope else logical_id, physical))
        return found

    def _account(self, deployed: Deployed) -> str:
        try:
            return str(self.client("sts").get_caller_identity()["Account"])
        except Exception:  # an endpoint without STS: the account of an ARN
            for _, physical in deployed.values():
                parts = physical.split(":")
                if physical.startswith("arn:") and len(parts) > 4 and parts[4].isdigit():
                    return parts[4]
        return _DEFAULT_ACCOUNT

    # --- Backend ---------------------------------------------------------------------------

    def send(self, request: ServiceRequest) -> ServiceResponse:
        import urllib3

        url = url_of(request, base=self.endpoint_url)
        prepared = sign(request, url, access_key=_ACCESS_KEY)
        if self._pool is None:
            self._pool = urllib3.PoolManager(maxsize=4)
        try:
            answer = self._pool.request(
                prepared.method,
                prepared.url,
                body=prepared.body,
                headers=dict(prepared.headers.items()),
                timeout=urllib3.Timeout(
                    connect=request.timeout_seconds, read=request.timeout_seconds
                ),
                retries=False,
                redirect=False,
                preload_content=True,
            )
        except urllib3.exceptions.NewConnectionError as error:  # a ConnectTimeoutError too
            raise IntegrationFailureError(
                f"{request.service} at {self.endpoint_url} could not be reached: {error}"
            ) from error
        except (
            urllib3.exceptions.ReadTimeoutError,
            urllib3.exceptions.ConnectTimeoutError,
        ) as error:
            raise IntegrationTimeoutError(
                f"{request.service} at {self.endpoint_url} did not answer within "
                f"{request.timeout_seconds:g} s"
            ) from error
        except urllib3.exceptions.HTTPError as error:
            raise IntegrationFailureError(
                f"{request.service} at {self.endpoint_url} could not be reached: {error}"
            ) from error
        return ServiceResponse(
            status=int(answer.status),
            headers={str(name): str(value) for name, value in answer.headers.items()},
            body=bytes(answer.data),
        )

    def client(self, service: str) -> Any:
        """A boto3 client for ``service`` at the endpoint."""
        found = self._clients.get(service)
        if found is None:
            found = make_client(
                service, region=self.region, access_key=_ACCESS_KEY, endpoint_url=self.endpoint_url
            )
            self._clients[service] = found
        return found

    def lambda_function(self, arn: str) -> str | None:
        return self.names.lambda_function(arn)

    def close(self) -> None:
        """Close the connections to the endpoint (the deployed stack stays)."""
        if self._pool is not None:
            self._pool.clear()
            self._pool = None

    def __enter__(self) -> EndpointBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class EndpointNames(TemplateNames):
    """:class:`TemplateNames` whose names are the deployed ones: each ``Ref`` is the
    resource's physical id, and attributes are derived from it."""

    def __init__(
        self,
        loaded: LoadedTemplate,
        *,
        region: str,
        account: str,
        deployed: Deployed,
        backend: EndpointBackend,
    ) -> None:
        super().__init__(loaded, region=region, account=account)
        self._deployed = deployed
        self._backend = backend

    def _name(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str:
        found = self._deployed.get((scope, logical_id))
        if found is None:
            return super()._name(scope, logical_id, resource)
        kind, physical = found
        if kind == "AWS::SQS::Queue":
            return physical.rstrip("/").rsplit("/", 1)[-1]
        if kind in ("AWS::SNS::Topic", "AWS::StepFunctions::StateMachine"):
            return physical.rsplit(":", 1)[-1]
        if kind == NESTED_STACK and physical.startswith("arn:"):
            return physical.split("/")[1]
        if kind == "AWS::IAM::ManagedPolicy" and physical.startswith("arn:"):
            return physical.rsplit("/", 1)[-1]
        return physical

    def _generate(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> dict[str, str]:
        values = super()._generate(scope, logical_id, resource)
        found = self._deployed.get((scope, logical_id))
        if found is None:
            return values
        kind, physical = found
        values["Ref"] = physical
        if kind in _API_GATEWAY_IDS and _API_GATEWAY_IDS[kind][1]:
            values[str(_API_GATEWAY_IDS[kind][1])] = physical
        if kind == "AWS::ApiGateway::RestApi":
            root = self._ask("apigateway", "get_rest_api", restApiId=physical)
            if root and root.get("rootResourceId"):
                values["RootResourceId"] = str(root["rootResourceId"])
        elif kind == "AWS::KMS::Key":
            values.update(KeyId=physical, Arn=self._arn("kms", f"key/{physical}"))
        elif kind == "AWS::DynamoDB::Table":
            described = self._ask("dynamodb", "describe_table", TableName=physical)
            table = (described or {}).get("Table") or {}
            if table.get("LatestStreamArn"):
                values["StreamArn"] = str(table["LatestStreamArn"])
            if table.get("TableArn"):
                values["Arn"] = str(table["TableArn"])
        return values

    def _ask(self, service: str, operation: str, **arguments: Any) -> Mapping[str, Any] | None:
        try:
            answer = getattr(self._backend.client(service), operation)(**arguments)
        except Exception:  # the attribute stays derived
            return None
        return answer if isinstance(answer, Mapping) else None
