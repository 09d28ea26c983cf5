"""Extra IAM permissions a method's role needs besides its main action: KMS keys, indexes.

Pure value objects and helpers: nothing here creates a construct. The construct grants each
:class:`Permission` exactly like its main grant (merged into the shared role's one policy, or
added to a role you gave).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _checks as check
from .errors import ValidationError

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

__all__ = [
    "KMS_READ_ACTIONS",
    "KMS_WRITE_ACTIONS",
    "Permission",
    "check_iam_action",
    "kms_permissions",
]

#: What a role needs to read data encrypted with a customer managed key.
KMS_READ_ACTIONS: tuple[str, ...] = ("kms:Decrypt",)
#: What a role needs to write data encrypted with a customer managed key (DynamoDB, SQS, SNS,
#: Kinesis read the data key back on write, hence ``kms:Decrypt`` as well).
KMS_WRITE_ACTIONS: tuple[str, ...] = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")

_IAM_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")


def check_iam_action(action: str) -> str:
    """Check that ``action`` is ``service:Action`` without wildcard (tokens pass unchecked).

    :raises ValidationError: ``invalid-iam-action``.
    """
    if check.is_token(action):
        return action
    if not isinstance(action, str) or "*" in action or not _IAM_ACTION.match(action):
        raise ValidationError(
            "invalid-iam-action",
            f"IAM action {action!r} is not of the form 'service:Action' without wildcards; "
            "name the exact action, e.g. 'dynamodb:GetItem'",
        )
    return action


@dataclass(frozen=True, kw_only=True, slots=True)
class Permission:
    """Exact IAM actions allowed on exact resources, e.g. ``kms:Decrypt`` on a key's ARN.

    Given to ``ServiceIntegrationMethod(additional_permissions=[...])``, it is granted like the
    method's own action: merged into the shared role's one policy, or added to a role you gave.

    :param actions: IAM actions as ``service:Action``; no wildcard action.
    :param resources: the ARNs the actions are allowed on; ``"*"`` only when IAM offers nothing
        narrower.
    :raises ValidationError: ``invalid-iam-action`` for a wildcard or malformed action,
        ``invalid-resources`` for an empty or bare-string list.
    """

    actions: tuple[str, ...]
    resources: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.actions, str) or not self.actions:
            raise ValidationError(
                "invalid-iam-action",
                f"Permission 'actions' must be a non-empty tuple of IAM actions, got "
                f"{self.actions!r}; pass e.g. actions=('kms:Decrypt',)",
            )
        for action in self.actions:
            check_iam_action(action)
        if isinstance(self.resources, str) or not self.resources:
            raise ValidationError(
                "invalid-resources",
                f"Permission 'resources' must be a non-empty tuple of ARNs, got "
                f"{self.resources!r}; pass e.g. resources=(key.key_arn,)",
            )
        for resource in self.resources:
            if not isinstance(resource, str) or not resource.strip():
                raise ValidationError(
                    "invalid-resources",
                    f"Permission 'resources' holds {resource!r}, which is not an ARN; "
                    "pass e.g. resources=(table.table_arn,)",
                )
        # accept lists from callers, keep the frozen object hashable
        object.__setattr__(self, "actions", tuple(self.actions))
        object.__setattr__(self, "resources", tuple(self.resources))


def kms_permissions(key: kms.IKey | None, *, actions: Sequence[str]) -> list[Permission]:
    """The permission to use ``key`` for ``actions``, or nothing when there is no key.

    Pass a resource's customer managed key (``table.encryption_key``,
    ``queue.encryption_master_key``, ``topic.master_key``, ``stream.encryption_key``); an
    AWS-owned or AWS-managed key is ``None`` there and needs no grant.

    :param key: the customer managed key, or ``None``.
    :param actions: the KMS actions, e.g. :data:`KMS_READ_ACTIONS` or :data:`KMS_WRITE_ACTIONS`.
    :returns: ``[]`` when ``key`` is ``None``, else one :class:`Permission` on ``key.key_arn``
        with the actions sorted and without repeats.
    """
    if key is None:
        return []
    return [Permission(actions=tuple(sorted(set(actions))), resources=(key.key_arn,))]
