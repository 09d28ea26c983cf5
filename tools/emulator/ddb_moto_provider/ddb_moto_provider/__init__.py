"""LocalStack provider ``dynamodb:moto``: every DynamoDB operation is answered by moto.

LocalStack resolves the entry point ``localstack.aws.provider`` / ``dynamodb:moto`` to
:func:`dynamodb_moto` when it runs with ``PROVIDER_OVERRIDE_DYNAMODB=moto``. The provider class
has no methods of its own, so :class:`MotoFallbackDispatcher` forwards every operation to moto's
in-process backend.
"""

from localstack.aws.api.dynamodb import DynamodbApi
from localstack.services.moto import MotoFallbackDispatcher
from localstack.services.plugins import Service, aws_provider


class MotoDynamoDBProvider(DynamodbApi):
    """DynamoDB API with no overrides: moto answers every call."""


@aws_provider(api="dynamodb", name="moto")
def dynamodb_moto() -> Service:
    provider = MotoDynamoDBProvider()
    return Service.for_provider(provider, dispatch_table_factory=MotoFallbackDispatcher)
