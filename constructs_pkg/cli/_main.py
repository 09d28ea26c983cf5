"""``constructs-pkg``: move a REST API built with boto3 calls to a CDK stack, and prove it.

Commands::

    constructs-pkg import --rest-api-id ID [--region R] [--endpoint-url URL] [-o FILE]
    constructs-pkg diff   --rest-api-id ID --template cdk.out/STACK.template.json [--region R]
    constructs-pkg serve  TEMPLATE_OR_CDK_OUT [--stack NAME] [--rest-api ID] [--port 3000]

Exit status: 0 done (``diff``: no difference; ``serve``: stopped with Ctrl-C), 1 ``diff``
found differences, 2 usage or input error (bad arguments, no credentials, unknown API id,
access denied, throttled, unreadable template). Messages and progress go to stderr;
``import`` without ``-o`` writes the module to stdout, ``diff`` writes its report to stdout,
``serve`` logs one line per request to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .._apimodel import RestApi
from .._version import __version__
from ._codegen import generate
from ._diff import diff, format_report, load_template
from ._errors import CliError

__all__ = ["EXIT_DIFFERENT", "EXIT_ERROR", "EXIT_OK", "main"]

EXIT_OK = 0
"""Done; for ``diff``: the live API and the template have the same methods."""
EXIT_DIFFERENT = 1
"""``diff`` found at least one difference."""
EXIT_ERROR = 2
"""Usage or input error: nothing was compared or written."""

_EPILOG = """\
exit status: 0 ok / no differences, 1 differences found (diff), 2 usage or input error
(bad arguments, no credentials, unknown API id, access denied, throttling, bad template).

migrating from boto3: import -> review the module -> python FILE -> diff -> cdk deploy
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``constructs-pkg`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 for --help
        return int(exc.code or 0)
    try:
        if args.command == "import":
            return _import(args, sys.stdout, sys.stderr)
        if args.command == "serve":
            return _serve(args)
        return _diff(args, sys.stdout, sys.stderr)
    except CliError as exc:
        print(f"constructs-pkg: error: [{exc.code}] {exc.message}", file=sys.stderr)
        return exc.exit_status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="constructs-pkg",
        description="Rebuild a REST API made with boto3 calls as a CDK stack, and prove it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rest-api-id", required=True, help="the live REST API's id")
    common.add_argument("--region", help="its region (default: AWS_REGION or the profile's)")
    common.add_argument("--endpoint-url", help="another API Gateway endpoint, e.g. an emulator")
    common.add_argument("--profile", help="a named profile of the AWS config files")
    common.add_argument(
        "--max-attempts",
        type=int,
        default=8,
        help="attempts per AWS call before a throttled read gives up (default: 8)",
    )
    common.add_argument(
        "--retry-mode",
        choices=("standard", "adaptive"),
        default="standard",
        help="botocore's retry mode; 'adaptive' also slows down its own rate (default: standard)",
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="write a Python CDK stack that rebuilds the live API",
        description="Read the live REST API and write a CDK app module that rebuilds it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument(
        "-o", "--output", metavar="FILE", help="where to write the module (default: stdout)"
    )
    importer.add_argument(
        "--line-length",
        type=int,
        default=100,
        help="the line length the module is laid out for, as ruff's (default: 100)",
    )

    differ = commands.add_parser(
        "diff",
        parents=[common],
        help="compare the live API's methods with a synthesized template",
        description="Compare the live REST API with a synthesized CloudFormation template, "
        "method by method and field by field.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    differ.add_argument(
        "--template", required=True, metavar="PATH", help="cdk.out/<Stack>.template.json"
    )
    differ.add_argument(
        "--api-logical-id", help="the template's RestApi to compare, when it has several"
    )
    differ.add_argument("--partition", help="the AWS partition (default: the region's, e.g. 'aws')")
    differ.add_argument(
        "--account", help="the account id for AWS::AccountId (default: from the live role ARNs)"
    )
    differ.add_argument(
        "--strict", action="store_true", help="count notes (values known only after deploy) too"
    )

    server = commands.add_parser(
        "serve",
        help="run a synthesized REST API on a local HTTP server",
        description="Serve a synthesized REST API locally: routing, validators, mapping "
        "templates, gateway responses, and the services behind it in moto (or at "
        "--endpoint-url). Requests go to http://HOST:PORT/<resource path>. The template is "
        "reloaded when it changes; Ctrl-C stops.",
    )
    server.add_argument(
        "source", metavar="TEMPLATE_OR_CDK_OUT", help="cdk.out or cdk.out/<Stack>.template.json"
    )
    server.add_argument("--stack", help="the stack of cdk.out to serve, when several have an API")
    server.add_argument("--rest-api", help="the REST API's logical id, when the stack has several")
    server.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    server.add_argument("--port", type=int, default=3000, help="port (default: 3000; 0: any free)")
    server.add_argument(
        "--endpoint-url",
        help="call the services at this endpoint (e.g. LocalStack) instead of in-process moto",
    )
    return parser


def _read(args: argparse.Namespace, err: TextIO) -> RestApi:
    # boto3 takes ~0.2 s to import: only the commands that read an API pay for it
    from ._reader import make_client, read_rest_api

    client, region = make_client(
        region=args.region,
        endpoint_url=args.endpoint_url,
        profile=args.profile,
        max_attempts=args.max_attempts,
        retry_mode=args.retry_mode,
    )

    def progress(line: str) -> None:
        if not args.quiet:
            print(f"constructs-pkg: {line}", file=err, flush=True)

    return read_rest_api(client, args.rest_api_id, region=region, progress=progress)


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.line_length < 60:
        raise CliError(
            "invalid-line-length",
            f"--line-length must be 60 or more, got {args.line_length}; use your ruff "
            "line-length (100 here, 88 by default)",
        )
    api = _read(args, err)
    command = f"constructs-pkg import --rest-api-id {api.id} --region {api.region}"
    module = generate(api, width=args.line_length, command=command)
    target = args.output
    if target and target != "-":
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(module.source, encoding="utf-8")
        except OSError as exc:
            raise CliError(
                "cannot-write-output",
                f"cannot write {target!r} ({exc.strerror or exc}); pick another -o FILE",
            ) from exc
        shown = str(path)
    else:
        out.write(module.source)
        out.flush()
        shown = "<stdout>"
    if not args.quiet:
        total = module.construct_methods + module.plain_methods
        print(
            f"constructs-pkg: wrote {shown}: stack {module.class_name}, {total} methods "
            f"({module.construct_methods} ServiceIntegrationMethod, {module.plain_methods} "
            f"plain Method), {len(module.notes)} notes to review",
            file=err,
        )
        for note in module.notes:
            print(f"  - {note}", file=err)
        run = shown if shown != "<stdout>" else "FILE"
        outdir = os.environ.get("CDK_OUTDIR", "cdk.out")
        print(
            f"next: python {run} && constructs-pkg diff --rest-api-id {api.id} --region "
            f"{api.region} --template {outdir}/{module.stack_id}.template.json",
            file=err,
        )
    return EXIT_OK


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    template = load_template(args.template)
    api = _read(args, err)
    report = diff(
        api,
        template,
        template_name=args.template,
        partition=args.partition,
        account=args.account,
        api_logical_id=args.api_logical_id,
    )
    out.write(format_report(report))
    out.flush()
    if report.differs or (args.strict and report.notes):
        return EXIT_DIFFERENT
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from ._serve import ServeOptions, serve

    return serve(
        ServeOptions(
            source=args.source,
            stack=args.stack,
            rest_api=args.rest_api,
            host=args.host,
            port=args.port,
            endpoint_url=args.endpoint_url,
        )
    )
