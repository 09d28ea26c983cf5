#!/usr/bin/env python3
"""A job API on Lambda: submit jobs asynchronously, preview them synchronously.

``POST /jobs`` invokes the worker function with ``X-Amz-Invocation-Type: Event`` and answers
202 as soon as Lambda has queued the job (Lambda retries a failed run twice, then sends it to the
dead-letter queue). ``POST /jobs/preview`` invokes the same function synchronously and answers
its result; an error whose message starts with ``[BadRequest]`` is a 400 showing that message,
any other failure a 502 without the stack trace.

Run: ``python examples/lambda_async_jobs/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_pkg import From
from constructs_pkg.presets import LambdaInvoke

WORKER = """
def handler(event, context):
    if not event.get("job", {}).get("kind"):
        raise ValueError("[BadRequest] 'kind' is required")
    return {"accepted": event["job"]["kind"], "submittedBy": event.get("caller")}
"""


class AsyncJobsStack(cdk.Stack):
    """The worker function and ``POST /jobs``, ``POST /jobs/preview``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        failed_jobs = sqs.Queue(self, "FailedJobs", encryption=sqs.QueueEncryption.SQS_MANAGED)
        worker = lambda_.Function(
            self,
            "Worker",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="index.handler",
            code=lambda_.Code.from_inline(WORKER),
            timeout=cdk.Duration.seconds(20),
            dead_letter_queue=failed_jobs,
        )
        api = apigw.RestApi(self, "JobsApi", cloud_watch_role=False)
        jobs = api.root.add_resource("jobs")
        event = {"job": From.whole_body(type="json"), "caller": From.context("identity.sourceIp")}
        LambdaInvoke(
            self,
            "SubmitJob",
            resource=jobs,
            function=worker,
            invocation_type="Event",
            payload=event,
        )
        LambdaInvoke(
            self,
            "PreviewJob",
            resource=jobs.add_resource("preview"),
            function=worker,
            payload=event,
            error_patterns={r"\[BadRequest\].*": 400},
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    AsyncJobsStack(app, "AsyncJobs")
    return app


if __name__ == "__main__":
    build_app().synth()
