"""DynamoDB presets: GetItem, PutItem, UpdateItem, DeleteItem, Query and Scan.

Each preset is a :class:`~constructs_pkg.ServiceIntegrationMethod` subclass (so it *is* the
method: ``.method``, ``.role``, ``.request_templates`` are there, and every part can be
overridden). It takes the table and the key or item mapping with :class:`From` values, and
supplies the action-style URI (``dynamodb:action/<Action>``; DynamoDB's json 1.0 protocol needs
no extra header), a request template that escapes every request value, the exact grant (the
action on the table's ARN, ``<table>/index/<name>`` for an index; ``kms:*`` on the table's
customer managed key), plain-JSON answers and ``error_mapping("dynamodb")`` (no service error
is ever a 200).

When the table is a ``dynamodb.Table`` of the app, the key names and types are checked against
its key schema at synth time; for any other ``ITable`` they are taken as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Unpack

from aws_cdk import Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from .._grants import KMS_READ_ACTIONS, KMS_WRITE_ACTIONS, kms_permissions
from .._method import ServiceIntegrationMethod
from .._templates import (
    DynamoDbItem,
    DynamoDbStartKey,
    From,
    JsonTemplate,
    ResponseTemplate,
    dynamodb_item_response,
    dynamodb_items_response,
    dynamodb_set_update,
    error_mapping,
)
from ..errors import ValidationError
from ._common import check_options, merge_options, templates_for
from ._options import PresetOptions

__all__ = [
    "DynamoDbDeleteItem",
    "DynamoDbGetItem",
    "DynamoDbPutItem",
    "DynamoDbQuery",
    "DynamoDbScan",
    "DynamoDbUpdateItem",
    "SortKeyCondition",
]

#: The query-string parameter Query and Scan read the pagination token from, by default: the
#: ``nextToken`` their answer writes.
NEXT_TOKEN_PARAMETER = "nextToken"

KeyValue = From | str | int | float
"""A key attribute's value: read from the request (:class:`From`) or a literal."""

SortOperator = Literal["=", "<", "<=", ">", ">=", "between", "begins_with"]

_JSON_TYPE = {"STRING": "string", "NUMBER": "number"}


@dataclass(frozen=True, kw_only=True, slots=True)
class SortKeyCondition:
    """The sort-key part of a Query's ``KeyConditionExpression``. Build it with a constructor::

        SortKeyCondition.begins_with("sk", From.query("prefix", required=True))
        SortKeyCondition.between("createdAt", From.query("from", required=True),
                                 From.query("to", required=True))
        SortKeyCondition.greater_than("version", 0)

    Each value is a literal or a :class:`From` that is always written (``required=True`` or a
    ``default``): the expression names it, so it cannot be left out.

    :param name: the sort key attribute.
    :param operator: ``=``, ``<``, ``<=``, ``>``, ``>=``, ``between`` or ``begins_with``.
    :param values: one value (two for ``between``).
    """

    name: str
    operator: SortOperator
    values: tuple[KeyValue, ...]

    def __post_init__(self) -> None:
        where = f"SortKeyCondition({self.name!r}, {self.operator!r})"
        _check_attribute_name(self.name, where)
        if self.operator not in ("=", "<", "<=", ">", ">=", "between", "begins_with"):
            raise ValidationError(
                "invalid-sort-key-condition",
                f"{where}: unknown operator {self.operator!r}; use one of =, <, <=, >, >=, "
                "between, begins_with (or the SortKeyCondition constructors)",
            )
        expected = 2 if self.operator == "between" else 1
        if len(self.values) != expected:
            raise ValidationError(
                "invalid-sort-key-condition",
                f"{where} takes {expected} value(s), got {len(self.values)}",
            )
        for value in self.values:
            _check_key_value(value, where, must_be_present=True)

    @staticmethod
    def equals(name: str, value: KeyValue) -> SortKeyCondition:
        """``name = value``."""
        return SortKeyCondition(name=name, operator="=", values=(value,))

    @staticmethod
    def less_than(name: str, value: KeyValue) -> SortKeyCondition:
        """``name < value``."""
        return SortKeyCondition(name=name, operator="<", values=(value,))

    @staticmethod
    def less_than_or_equal(name: str, value: KeyValue) -> SortKeyCondition:
        """``name <= value``."""
        return SortKeyCondition(name=name, operator="<=", values=(value,))

    @staticmethod
    def greater_than(name: str, value: KeyValue) -> SortKeyCondition:
        """``name > value``."""
        return SortKeyCondition(name=name, operator=">", values=(value,))

    @staticmethod
    def greater_than_or_equal(name: str, value: KeyValue) -> SortKeyCondition:
        """``name >= value``."""
        return SortKeyCondition(name=name, operator=">=", values=(value,))

    @staticmethod
    def between(name: str, low: KeyValue, high: KeyValue) -> SortKeyCondition:
        """``name BETWEEN low AND high`` (both ends included)."""
        return SortKeyCondition(name=name, operator="between", values=(low, high))

    @staticmethod
    def begins_with(name: str, prefix: KeyValue) -> SortKeyCondition:
        """``begins_with(name, prefix)`` (string sort keys only)."""
        return SortKeyCondition(name=name, operator="begins_with", values=(prefix,))

    def expression(self, name_placeholder: str, value_placeholders: Sequence[str]) -> str:
        """The condition with ``#name`` / ``:value`` placeholders."""
        values = list(value_placeholders)
        if self.operator == "between":
            return f"{name_placeholder} BETWEEN {values[0]} AND {values[1]}"
        if self.operator == "begins_with":
            return f"begins_with({name_placeholder}, {values[0]})"
        return f"{name_placeholder} {self.operator} {values[0]}"


class _DynamoDbMethod(ServiceIntegrationMethod):
    """What every DynamoDB preset passes to the construct (not public)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        http_method: str,
        action: str,
        body: Mapping[str, object],
        success: ResponseTemplate,
        success_status: str = "200",
        error_statuses: Mapping[str, int] | None = None,
        grant_resources: Sequence[str],
        kms_actions: Sequence[str],
        content_types: Sequence[str] | None,
        **options: Unpack[PresetOptions],
    ) -> None:
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="dynamodb",
            action=action,
            region=table.env.region,
            resources=list(grant_resources),
            **merge_options(
                {
                    "request_templates": templates_for(content_types, JsonTemplate(dict(body))),
                    "integration_responses": error_mapping(
                        "dynamodb",
                        success=success,
                        success_status=success_status,
                        error_statuses=error_statuses,
                    ),
                    "additional_permissions": kms_permissions(
                        table.encryption_key, actions=kms_actions
                    ),
                },
                options,
            ),
        )
        self.table = table
        """The table the method acts on."""


class DynamoDbGetItem(_DynamoDbMethod):
    """A method that reads one item with ``GetItem`` and answers it as plain JSON.

    Request sent: ``{"TableName", "Key": {...}, "ConsistentRead"}``.
    Answer: 200 with the item unmarshalled (``{"username": "jane", "age": 42}``); 404
    ``{"message": "not found", "type": "NotFound"}`` when there is no such item; DynamoDB
    errors as 4xx/5xx (``ValidationException`` 400, throttling 429, access denied 500).
    IAM: ``dynamodb:GetItem`` on ``table.table_arn``; ``kms:Decrypt`` on
    ``table.encryption_key`` when the table uses a customer managed key.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to, e.g. ``/items/{id}``.
    :param table: the table.
    :param key: the full primary key: attribute name to value, e.g.
        ``{"username": From.path("username")}``.
    :param http_method: the client's verb. Default: - ``GET``.
    :param consistent_read: whether to read with strong consistency. Default: - ``False``
        (eventually consistent, half the read cost).
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        key: Mapping[str, KeyValue],
        http_method: str = "GET",
        consistent_read: bool = False,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        checked = _check_key(table, key, argument="key")
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="GetItem",
            body={
                "TableName": table.table_name,
                "Key": DynamoDbItem(checked),
                "ConsistentRead": bool(consistent_read),
            },
            success=dynamodb_item_response(),
            grant_resources=[table.table_arn],
            kms_actions=KMS_READ_ACTIONS,
            content_types=content_types,
            **options,
        )


class DynamoDbPutItem(_DynamoDbMethod):
    """A method that writes one item with ``PutItem``.

    Request sent: ``{"TableName", "Item": {...}}`` (+ ``ConditionExpression
    attribute_not_exists(#pk)`` with ``condition_must_not_exist``). An optional attribute
    missing from the request is left out of the item.
    Answer: 200 ``{}`` (201 with ``condition_must_not_exist``); 409 ``{"message", "type":
    "ConditionalCheckFailedException"}`` when the item exists and must not; other DynamoDB
    errors as 4xx/5xx.
    IAM: ``dynamodb:PutItem`` on ``table.table_arn``; ``kms:Decrypt``, ``kms:Encrypt``,
    ``kms:GenerateDataKey`` on ``table.encryption_key`` when set.

    Idempotent creation: key the item by the client's ``Idempotency-Key`` header and refuse
    to overwrite: a retried request then gets 409 instead of writing twice::

        DynamoDbPutItem(self, "CreateOrder", resource=orders, table=table,
                        item={"orderId": From.header("Idempotency-Key", required=True),
                              "total": From.body("$.total", type="number", required=True)},
                        condition_must_not_exist=True)

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param table: the table.
    :param item: attribute name to value (see :class:`DynamoDbItem`: ``From`` values, literals,
        nested dicts and lists); it must hold the primary key.
    :param http_method: the client's verb. Default: - ``POST``.
    :param condition_must_not_exist: whether to refuse to overwrite an existing item
        (``attribute_not_exists`` on the partition key): 409 when it exists, 201 when
        created. Default: - ``False``: an existing item with the same key is replaced.
    :param partition_key_name: the table's partition key attribute, for the condition.
        Default: - read from the key schema of a ``dynamodb.Table``; required with
        ``condition_must_not_exist`` for any other table.
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        item: Mapping[str, object],
        http_method: str = "POST",
        condition_must_not_exist: bool = False,
        partition_key_name: str | None = None,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        if not isinstance(item, Mapping) or not item:
            raise ValidationError(
                "invalid-item",
                f"'item' must be a non-empty dict of attribute name to value, got {item!r}; "
                "pass e.g. item={'id': From.path('id'), 'name': From.body('$.name')}",
            )
        schema = _key_schema(table, None)
        if schema is not None:
            missing = [name for name, _ in schema if name not in item]
            if missing:
                raise ValidationError(
                    "missing-key-attribute",
                    f"'item' lacks the key attribute(s) {missing!r} of table "
                    f"{table.node.path!r}; add them, e.g. {{{missing[0]!r}: From.path('id')}}",
                )
        body: dict[str, object] = {"TableName": table.table_name, "Item": DynamoDbItem(item)}
        if condition_must_not_exist:
            name = _partition_key_name(table, schema, partition_key_name)
            body["ConditionExpression"] = "attribute_not_exists(#pk)"
            body["ExpressionAttributeNames"] = {"#pk": name}
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="PutItem",
            body=body,
            success=dynamodb_item_response(member="Attributes", not_found_status=None),
            success_status="201" if condition_must_not_exist else "200",
            grant_resources=[table.table_arn],
            kms_actions=KMS_WRITE_ACTIONS,
            content_types=content_types,
            **options,
        )


class DynamoDbUpdateItem(_DynamoDbMethod):
    """A method that changes some attributes of one item with ``UpdateItem`` (a partial
    update, as PATCH means) and answers the updated item.

    Request sent: ``{"TableName", "Key", "UpdateExpression": "SET #u0 = :u0, ...",
    "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValues": "ALL_NEW"}`` (+
    ``ConditionExpression attribute_exists(#k0)``). An optional attribute missing from the
    request is left out of all three, so only what the client sent changes.
    Answer: 200 with the whole updated item as plain JSON; 404 when the item does not exist
    (with ``condition_must_exist``); 400 when nothing to update was sent; other DynamoDB errors
    as 4xx/5xx.
    IAM: ``dynamodb:UpdateItem`` on ``table.table_arn``; ``kms:Decrypt``, ``kms:Encrypt``,
    ``kms:GenerateDataKey`` on ``table.encryption_key`` when set.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to, e.g. ``/items/{id}``.
    :param table: the table.
    :param key: the full primary key: attribute name to value.
    :param attributes: attribute name to its new value (``SET``); not a key attribute.
    :param http_method: the client's verb. Default: - ``PATCH``.
    :param condition_must_exist: whether to update only an existing item
        (``attribute_exists`` on the first key attribute), answering 404 otherwise.
        Default: - ``True``; ``False`` creates the item from the key and the attributes.
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        key: Mapping[str, KeyValue],
        attributes: Mapping[str, object],
        http_method: str = "PATCH",
        condition_must_exist: bool = True,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        checked = _check_key(table, key, argument="key")
        if isinstance(attributes, Mapping):
            in_key = [name for name in attributes if name in checked]
            if in_key:
                raise ValidationError(
                    "key-attribute-in-update",
                    f"'attributes' holds the key attribute(s) {in_key!r}, which UpdateItem "
                    "cannot change; leave them out (they are in 'key')",
                )
        first_key = next(iter(checked))
        update = dynamodb_set_update(
            attributes, fixed_names={"k0": first_key} if condition_must_exist else None
        )
        body: dict[str, object] = {
            "TableName": table.table_name,
            "Key": DynamoDbItem(checked),
            "UpdateExpression": update.expression,
            "ExpressionAttributeNames": update.names,
            "ExpressionAttributeValues": update.values,
            "ReturnValues": "ALL_NEW",
        }
        if condition_must_exist:
            body["ConditionExpression"] = "attribute_exists(#k0)"
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="UpdateItem",
            body=body,
            success=dynamodb_item_response(member="Attributes", not_found_status=None),
            error_statuses=(
                {"ConditionalCheckFailedException": 404} if condition_must_exist else None
            ),
            grant_resources=[table.table_arn],
            kms_actions=KMS_WRITE_ACTIONS,
            content_types=content_types,
            **options,
        )


class DynamoDbDeleteItem(_DynamoDbMethod):
    """A method that deletes one item with ``DeleteItem`` and answers what was deleted.

    Request sent: ``{"TableName", "Key", "ReturnValues": "ALL_OLD"}``.
    Answer: 200 with the deleted item as plain JSON; 404 ``{"message": "not found", "type":
    "NotFound"}`` when there was no such item (``not_found_status``); DynamoDB errors as
    4xx/5xx.
    IAM: ``dynamodb:DeleteItem`` on ``table.table_arn``; ``kms:Decrypt``, ``kms:Encrypt``,
    ``kms:GenerateDataKey`` on ``table.encryption_key`` when set (the old item is read back).

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to, e.g. ``/items/{id}``.
    :param table: the table.
    :param key: the full primary key: attribute name to value.
    :param http_method: the client's verb. Default: - ``DELETE``.
    :param not_found_status: the status when there was nothing to delete. Default: - 404;
        ``None`` answers 200 ``{}`` (a delete that is idempotent for the client too).
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        key: Mapping[str, KeyValue],
        http_method: str = "DELETE",
        not_found_status: int | None = 404,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        checked = _check_key(table, key, argument="key")
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="DeleteItem",
            body={
                "TableName": table.table_name,
                "Key": DynamoDbItem(checked),
                "ReturnValues": "ALL_OLD",
            },
            success=dynamodb_item_response(member="Attributes", not_found_status=not_found_status),
            grant_resources=[table.table_arn],
            kms_actions=KMS_WRITE_ACTIONS,
            content_types=content_types,
            **options,
        )


class DynamoDbQuery(_DynamoDbMethod):
    """A method that lists the items of one partition with ``Query``, a page at a time.

    Request sent: ``{"TableName", "IndexName", "KeyConditionExpression": "#k0 = :k0 AND
    <sort key condition>", "ExpressionAttributeNames", "ExpressionAttributeValues", "Limit",
    "ScanIndexForward", "ConsistentRead", "ExclusiveStartKey"}`` (``IndexName``, ``Limit`` and
    ``ExclusiveStartKey`` only when set or sent).
    Answer: 200 ``{"items": [...], "count": n, "nextToken": "..."}``; ``nextToken`` is there
    when more items remain: send it back as ``?nextToken=`` (URL-encoded) for the next page; a
    token that is not one DynamoDB wrote gets 400. DynamoDB errors as 4xx/5xx.
    IAM: ``dynamodb:Query`` on ``table.table_arn``, or on ``<table ARN>/index/<index_name>``
    only when querying an index; ``kms:Decrypt`` on ``table.encryption_key`` when set.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param table: the table.
    :param partition_key: the partition key (of the index, with ``index_name``): attribute name
        to value, e.g. ``{"owner": From.path("owner")}``; always written (``From.path`` is,
        a query or header value must be ``required=True`` or have a ``default``).
    :param sort_key: a condition on the sort key. Default: - none: the whole partition.
    :param index_name: a global or local secondary index to query. Default: - the table.
    :param limit: the most items DynamoDB reads for one page: an int or a request value such as
        ``From.query("limit", type="number")`` (left out when absent). Default: - no limit
        (a page is at most 1 MB).
    :param scan_forward: ``True`` for ascending sort-key order. Default: - ``True``.
    :param consistent_read: strong consistency (not on a global secondary index). Default: -
        ``False``.
    :param next_token_parameter: the query-string parameter the pagination token is read
        from. Default: - ``"nextToken"``; ``None`` reads no token (always the first page).
    :param http_method: the client's verb. Default: - ``GET``.
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        partition_key: Mapping[str, KeyValue],
        sort_key: SortKeyCondition | None = None,
        index_name: str | None = None,
        limit: int | From | None = None,
        scan_forward: bool = True,
        consistent_read: bool = False,
        next_token_parameter: str | None = NEXT_TOKEN_PARAMETER,
        http_method: str = "GET",
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        index = _check_index_name(index_name)
        schema = _key_schema(table, index)
        partition = _check_partition_key(partition_key, schema, table, index)
        names: dict[str, str] = {}
        values: dict[str, object] = {}
        conditions: list[str] = []
        for position, (name, value) in enumerate(partition.items()):
            names[f"#k{position}"] = name
            values[f":k{position}"] = value
            conditions.append(f"#k{position} = :k{position}")
        if sort_key is not None:
            if not isinstance(sort_key, SortKeyCondition):
                raise ValidationError(
                    "invalid-sort-key-condition",
                    f"'sort_key' must be a SortKeyCondition, got {sort_key!r}; pass e.g. "
                    "SortKeyCondition.begins_with('sk', From.query('prefix', required=True))",
                )
            _check_sort_key(sort_key, schema, table, index)
            names["#s"] = sort_key.name
            placeholders = [f":s{i}" for i in range(len(sort_key.values))]
            values.update(zip(placeholders, sort_key.values, strict=True))
            conditions.append(sort_key.expression("#s", placeholders))
        body: dict[str, object] = {"TableName": table.table_name}
        if index is not None:
            body["IndexName"] = index
        body["KeyConditionExpression"] = " AND ".join(conditions)
        body["ExpressionAttributeNames"] = names
        body["ExpressionAttributeValues"] = DynamoDbItem(values)
        body.update(_page_members(limit, next_token_parameter))
        body["ScanIndexForward"] = bool(scan_forward)
        body["ConsistentRead"] = bool(consistent_read)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="Query",
            body=body,
            success=dynamodb_items_response(),
            grant_resources=[_index_arn(table, index)],
            kms_actions=KMS_READ_ACTIONS,
            content_types=content_types,
            **options,
        )


class DynamoDbScan(_DynamoDbMethod):
    """A method that lists every item of a table (or index) with ``Scan``, a page at a time.

    Request sent: ``{"TableName", "IndexName", "Limit", "ConsistentRead",
    "ExclusiveStartKey"}`` (``IndexName``, ``Limit`` and ``ExclusiveStartKey`` only when set
    or sent).
    Answer: 200 ``{"items": [...], "count": n, "nextToken": "..."}`` (see
    :class:`DynamoDbQuery` for the token); DynamoDB errors as 4xx/5xx.
    IAM: ``dynamodb:Scan`` on ``table.table_arn``, or on ``<table ARN>/index/<index_name>``
    only; ``kms:Decrypt`` on ``table.encryption_key`` when set.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param table: the table.
    :param index_name: a secondary index to scan. Default: - the table.
    :param limit: the most items DynamoDB reads for one page (an int or a request value).
        Default: - no limit (a page is at most 1 MB).
    :param consistent_read: strong consistency (not on a global secondary index). Default: -
        ``False``.
    :param next_token_parameter: the query-string parameter the pagination token is read
        from. Default: - ``"nextToken"``; ``None`` reads no token.
    :param http_method: the client's verb. Default: - ``GET``.
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        table: dynamodb.ITable,
        index_name: str | None = None,
        limit: int | From | None = None,
        consistent_read: bool = False,
        next_token_parameter: str | None = NEXT_TOKEN_PARAMETER,
        http_method: str = "GET",
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        index = _check_index_name(index_name)
        _key_schema(table, index)  # an unknown index of a Table fails here
        body: dict[str, object] = {"TableName": table.table_name}
        if index is not None:
            body["IndexName"] = index
        body.update(_page_members(limit, next_token_parameter))
        body["ConsistentRead"] = bool(consistent_read)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            table=table,
            action="Scan",
            body=body,
            success=dynamodb_items_response(),
            grant_resources=[_index_arn(table, index)],
            kms_actions=KMS_READ_ACTIONS,
            content_types=content_types,
            **options,
        )


# -- checks -------------------------------------------------------------------------------------


def _check_attribute_name(name: object, where: str) -> None:
    if not isinstance(name, str) or not name:
        raise ValidationError(
            "invalid-attribute-name",
            f"{where}: attribute name {name!r} is not a non-empty str",
        )


def _check_key_value(value: object, where: str, *, must_be_present: bool) -> None:
    if isinstance(value, From):
        if value.type not in ("string", "number"):
            raise ValidationError(
                "invalid-key-value",
                f"{where}: a key value is a string or a number, got From type {value.type!r}",
            )
        if must_be_present and not value.always_present:
            raise ValidationError(
                "optional-key-value",
                f"{where}: {value.source} value {value.name!r} may be missing, but a key "
                "condition names it; make it required (required=True) or give it a default",
            )
        return
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(
            "invalid-key-value",
            f"{where}: a key value is a From value, a str or a number, got {value!r}",
        )


def _check_key(
    table: dynamodb.ITable, key: Mapping[str, KeyValue], *, argument: str
) -> dict[str, KeyValue]:
    """The primary key mapping, checked (names and types) against a known key schema."""
    if not isinstance(key, Mapping) or not key:
        raise ValidationError(
            "invalid-key",
            f"{argument!r} must be a non-empty dict of key attribute name to value, got "
            f"{key!r}; pass e.g. {argument}={{'id': From.path('id')}}",
        )
    for name, value in key.items():
        _check_attribute_name(name, f"{argument}[{name!r}]")
        _check_key_value(value, f"{argument}[{name!r}]", must_be_present=False)
    schema = _key_schema(table, None)
    if schema is not None:
        expected = [name for name, _ in schema]
        if sorted(expected) != sorted(key):
            raise ValidationError(
                "key-mismatch",
                f"{argument!r} names {sorted(key)!r}, but the key of table "
                f"{table.node.path!r} is {expected!r}; give exactly its key attributes",
            )
        _check_types(key, dict(schema), argument)
    return dict(key)


def _check_types(values: Mapping[str, object], types: Mapping[str, str], argument: str) -> None:
    for name, value in values.items():
        wanted = _JSON_TYPE.get(types.get(name, ""))
        if wanted is None:
            continue
        got = (
            value.type
            if isinstance(value, From)
            else ("string" if isinstance(value, str) else "number")
        )
        if got != wanted:
            raise ValidationError(
                "key-type-mismatch",
                f"{argument}[{name!r}] is a {got}, but key attribute {name!r} is a "
                f"{types[name]} in the table's key schema; "
                + (
                    "declare the value with type='number'"
                    if wanted == "number"
                    else "declare the value with type='string'"
                ),
            )


def _check_index_name(index_name: str | None) -> str | None:
    if index_name is None or Token.is_unresolved(index_name):
        return index_name
    if not isinstance(index_name, str) or not index_name.strip():
        raise ValidationError(
            "invalid-index-name",
            f"'index_name' must be a non-empty str, got {index_name!r}",
        )
    return index_name


def _check_partition_key(
    partition_key: Mapping[str, KeyValue],
    schema: list[tuple[str, str]] | None,
    table: dynamodb.ITable,
    index: str | None,
) -> dict[str, KeyValue]:
    if not isinstance(partition_key, Mapping) or not partition_key:
        raise ValidationError(
            "invalid-key",
            f"'partition_key' must be a dict of the partition key attribute to its value, got "
            f"{partition_key!r}; pass e.g. partition_key={{'owner': From.path('owner')}}",
        )
    for name, value in partition_key.items():
        _check_attribute_name(name, f"partition_key[{name!r}]")
        _check_key_value(value, f"partition_key[{name!r}]", must_be_present=True)
    if schema is not None:
        partitions = [(n, t) for n, t, kind in _schema_parts(table, index) if kind == "partition"]
        expected = [n for n, _ in partitions]
        if sorted(expected) != sorted(partition_key):
            target = f"index {index!r}" if index else "the table"
            raise ValidationError(
                "key-mismatch",
                f"'partition_key' names {sorted(partition_key)!r}, but the partition key of "
                f"{target} is {expected!r}; give exactly its partition key attribute(s)",
            )
        _check_types(partition_key, dict(partitions), "partition_key")
    return dict(partition_key)


def _check_sort_key(
    sort_key: SortKeyCondition,
    schema: list[tuple[str, str]] | None,
    table: dynamodb.ITable,
    index: str | None,
) -> None:
    if schema is None:
        return
    sorts = [(n, t) for n, t, kind in _schema_parts(table, index) if kind == "sort"]
    names = [n for n, _ in sorts]
    if sort_key.name not in names:
        target = f"index {index!r}" if index else "the table"
        raise ValidationError(
            "key-mismatch",
            f"'sort_key' is on {sort_key.name!r}, but the sort key of {target} is "
            f"{names or 'none'!r}; condition the sort key, or drop 'sort_key'",
        )
    types = dict(sorts)
    for value in sort_key.values:
        _check_types({sort_key.name: value}, types, "sort_key")
    if sort_key.operator == "begins_with" and types.get(sort_key.name) == "NUMBER":
        raise ValidationError(
            "invalid-sort-key-condition",
            f"begins_with works on string sort keys, but {sort_key.name!r} is a NUMBER; use "
            "between, <, <=, > or >=",
        )


def _schema_parts(table: dynamodb.ITable, index: str | None) -> list[tuple[str, str, str]]:
    """``(name, type, "partition"|"sort")`` of the table's or index's key, or ``[]``."""
    if not isinstance(table, dynamodb.Table):
        return []
    try:
        schema = table.schema_v2(index)
    except Exception as error:  # jsii raises RuntimeError for an unknown index
        raise ValidationError(
            "unknown-index",
            f"table {table.node.path!r} has no index {index!r}; add it with "
            "add_global_secondary_index / add_local_secondary_index, or fix 'index_name'",
        ) from error
    parts = [(a.name, a.type.value, "partition") for a in schema.partition_keys or []]
    parts += [(a.name, a.type.value, "sort") for a in schema.sort_keys or []]
    return parts


def _key_schema(table: dynamodb.ITable, index: str | None) -> list[tuple[str, str]] | None:
    """The key attributes (name, type) of a ``dynamodb.Table`` or its index; ``None`` when the
    table's schema is not known (an imported table, a ``TableV2``)."""
    if not isinstance(table, dynamodb.Table) or (index is not None and Token.is_unresolved(index)):
        return None
    return [(name, type_) for name, type_, _ in _schema_parts(table, index)]


def _partition_key_name(
    table: dynamodb.ITable, schema: list[tuple[str, str]] | None, given: str | None
) -> str:
    if given is not None:
        _check_attribute_name(given, "'partition_key_name'")
        return given
    parts = [n for n, _, kind in _schema_parts(table, None) if kind == "partition"]
    if schema is not None and parts:
        return parts[0]
    raise ValidationError(
        "missing-partition-key-name",
        f"condition_must_not_exist needs the partition key of table {table.node.path!r}, "
        "whose key schema is not known here; pass partition_key_name='<attribute>'",
    )


def _index_arn(table: dynamodb.ITable, index: str | None) -> str:
    return table.table_arn if index is None else f"{table.table_arn}/index/{index}"


def _page_members(limit: int | From | None, next_token_parameter: str | None) -> dict[str, object]:
    members: dict[str, object] = {}
    if limit is not None:
        if isinstance(limit, From):
            if limit.type != "number":
                raise ValidationError(
                    "invalid-limit",
                    f"'limit' reads {limit.source} value {limit.name!r} as a {limit.type}; "
                    "declare it with type='number', e.g. From.query('limit', type='number')",
                )
        elif isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError(
                "invalid-limit",
                f"'limit' must be an int of at least 1 or a From value, got {limit!r}",
            )
        members["Limit"] = limit
    if next_token_parameter is not None:
        members["ExclusiveStartKey"] = DynamoDbStartKey(From.query(next_token_parameter))
    return members
