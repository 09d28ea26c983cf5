#!/usr/bin/env python3
"""An order workflow on Step Functions: place orders asynchronously, quote them synchronously.

``POST /orders`` starts the STANDARD ``PlaceOrder`` state machine with the body as input and
answers at once with the execution ARN; the client's ``Idempotency-Key`` header is the
execution name, so a retried request does not place the order twice. ``POST /quotes`` runs the
EXPRESS ``QuoteOrder`` state machine and answers its output; a ``ValidationError`` the machine
raises is a 400, any other failure a 500, a timeout a 504.

Run: ``python examples/stepfunctions_order_workflow/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from constructs_pkg.presets import StepFunctionsStartExecution, StepFunctionsStartSyncExecution


class OrderWorkflowStack(cdk.Stack):
    """The two state machines and ``POST /orders``, ``POST /quotes``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        place = sfn.StateMachine(
            self,
            "PlaceOrder",
            definition_body=sfn.DefinitionBody.from_chainable(
                sfn.Pass(self, "Reserve stock").next(
                    sfn.Wait(
                        self,
                        "Wait for payment",
                        time=sfn.WaitTime.duration(cdk.Duration.minutes(5)),
                    ).next(sfn.Succeed(self, "Placed"))
                )
            ),
            state_machine_type=sfn.StateMachineType.STANDARD,
        )
        has_items = sfn.Condition.is_present("$.items[0]")
        quote = sfn.StateMachine(
            self,
            "QuoteOrder",
            definition_body=sfn.DefinitionBody.from_chainable(
                sfn.Choice(self, "Has items?")
                .when(
                    has_items,
                    sfn.Pass(
                        self,
                        "Price",
                        parameters={"currency": "EUR", "total.$": "States.ArrayLength($.items)"},
                    ),
                )
                .otherwise(sfn.Fail(self, "No items", error="ValidationError", cause="no items"))
            ),
            state_machine_type=sfn.StateMachineType.EXPRESS,
            timeout=cdk.Duration.seconds(20),
        )
        api = apigw.RestApi(self, "OrdersApi", cloud_watch_role=False)
        StepFunctionsStartExecution(
            self, "PlaceOrderMethod", resource=api.root.add_resource("orders"), state_machine=place
        )
        StepFunctionsStartSyncExecution(
            self,
            "QuoteOrderMethod",
            resource=api.root.add_resource("quotes"),
            state_machine=quote,
            error_statuses={"ValidationError": 400},
            expose_cause=True,
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    OrderWorkflowStack(app, "OrderWorkflow")
    return app


if __name__ == "__main__":
    build_app().synth()
