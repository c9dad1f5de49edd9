"""moto_server, plus the Smithy RPC v2 CBOR protocol moto 5.2.5 does not route.

The aws provider 6.x's CloudWatch client (aws-sdk-go-v2 service/cloudwatch
>= 1.45) speaks only Smithy RPC v2 CBOR: POST
/service/GraniteServiceVersion20100801/operation/PutMetricAlarm with a CBOR
body and the `smithy-protocol: rpc-v2-cbor` header. moto 5.2.5 implements
CloudWatch (alarms, dashboards) but routes only its Query and JSON protocols,
so every such call answers 404 and `tofu apply` cannot create an alarm.

This launcher runs moto's own WSGI application (exactly what `moto_server`
runs) behind one WSGI middleware, `RpcV2CborToJson`, that turns such a call
into the same operation on moto's JSON protocol (X-Amz-Target
`<prefix>.<Operation>`, the body as JSON) and the JSON answer back into CBOR,
shape by shape from botocore's model of the service (timestamps as CBOR tag 1,
blobs as bytes, doubles as floats). Nothing else is touched: every other
request goes to moto unchanged. Only the test tier uses it (on loopback).

    python moto_server.py -H 127.0.0.1 -p 5000
"""

from __future__ import annotations

import argparse
import base64
import datetime
import io
import json
import os
import re
import signal
import sys
from typing import Any, Callable, Iterable

import botocore.session
import cbor2
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

RPC_V2_PATH = re.compile(r"^/service/([A-Za-z0-9_.]+)/operation/([A-Za-z0-9_]+)$")
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"


# Services our stacks create through an rpc-v2-cbor client and moto serves over
# JSON. Add one here when the provider moves another service used by the stacks.
CBOR_SERVICES = ("cloudwatch",)


def _service_models_by_target_prefix() -> dict[str, Any]:
    """botocore models of CBOR_SERVICES, by their JSON target prefix."""
    session = botocore.session.get_session()
    models: dict[str, Any] = {}
    for name in CBOR_SERVICES:
        model = session.get_service_model(name)
        protocols = model.metadata.get("protocols", [])
        if "smithy-rpc-v2-cbor" not in protocols or "json" not in protocols:
            raise SystemExit(f"moto_server.py: botocore's {name} model lists protocols {protocols}; expected rpc-v2-cbor and json")
        models[model.metadata["targetPrefix"]] = model
    return models


def cbor_to_json_value(value: Any) -> Any:
    """A decoded CBOR request value as JSON protocol input (timestamps as epoch seconds, blobs base64)."""
    if isinstance(value, dict):
        return {str(k): cbor_to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [cbor_to_json_value(v) for v in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    if isinstance(value, cbor2.CBORTag) and value.tag == 1:
        return value.value
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _epoch(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text).timestamp()


def json_to_cbor_value(value: Any, shape: Any) -> Any:
    """A JSON protocol output value as the RPC v2 CBOR client expects it, by its botocore shape."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            member = shape.members.get(key)
            out[key] = json_to_cbor_value(item, member) if member is not None else item
        return out
    if kind == "list":
        return [json_to_cbor_value(item, shape.member) for item in value] if isinstance(value, list) else value
    if kind == "map":
        if not isinstance(value, dict):
            return value
        return {k: json_to_cbor_value(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        return cbor2.CBORTag(1, _epoch(value))
    if kind == "blob":
        return base64.b64decode(value) if isinstance(value, str) else value
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long", "short", "byte"):
        return int(value)
    return value


class RpcV2CborToJson:
    """WSGI middleware: Smithy RPC v2 CBOR requests served by the wrapped app's JSON protocol."""

    def __init__(self, app: Callable[..., Iterable[bytes]], models: dict[str, Any]) -> None:
        self.app = app
        self.models = models

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = RPC_V2_PATH.match(environ.get("PATH_INFO", ""))
        if environ.get("HTTP_SMITHY_PROTOCOL") != "rpc-v2-cbor" or not match:
            return self.app(environ, start_response)
        prefix, operation = match.group(1), match.group(2)
        model = self.models.get(prefix)
        if model is None:
            return self.app(environ, start_response)

        if operation not in model.operation_names:
            return self._answer(start_response, "400 BAD REQUEST", [], {"__type": "UnknownOperationException", "message": operation})

        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        request = cbor_to_json_value(cbor2.loads(raw)) if raw else {}
        body = json.dumps(request).encode("utf-8")
        inner = dict(environ)
        inner.update(
            {
                "PATH_INFO": "/",
                "CONTENT_TYPE": JSON_CONTENT_TYPE,
                "CONTENT_LENGTH": str(len(body)),
                "HTTP_X_AMZ_TARGET": f"{prefix}.{operation}",
                "wsgi.input": io.BytesIO(body),
            }
        )
        inner.pop("HTTP_SMITHY_PROTOCOL", None)
        inner.pop("HTTP_ACCEPT", None)

        captured: dict[str, Any] = {}
        written: list[bytes] = []

        def inner_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return written.append

        try:
            result = self.app(inner, inner_start)
            try:
                written.extend(result)
            finally:
                close = getattr(result, "close", None)
                if close:
                    close()
        except Exception as error:  # moto raised: answer as the service would, in CBOR
            message = f"{type(error).__name__}: {error}"
            return self._answer(start_response, "500 INTERNAL SERVER ERROR", [], {"__type": "InternalFailure", "message": message})
        payload = b"".join(written)
        status = captured.get("status", "500 INTERNAL SERVER ERROR")
        try:
            document = json.loads(payload) if payload.strip() else {}
        except ValueError:  # moto answered something else (an HTML 404, an XML error): keep its text
            document = {"__type": "MotoNonJsonAnswer", "message": payload[:2000].decode("utf-8", "replace")}
        if status.startswith("2"):
            output = model.operation_model(operation).output_shape
            encoded = cbor2.dumps(json_to_cbor_value(document, output) if output is not None else document)
        else:
            encoded = cbor2.dumps(document)  # errors: {"__type": ..., "message": ...} as they are
        return self._answer(start_response, status, captured.get("headers", []), encoded)

    @staticmethod
    def _answer(start_response: Callable[..., Any], status: str, headers: list[tuple[str, str]], body: Any) -> list[bytes]:
        """An RPC v2 CBOR answer: BODY (bytes, or a value to encode) with the protocol's headers."""
        encoded = body if isinstance(body, bytes) else cbor2.dumps(body)
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")]
        kept += [
            ("Content-Type", "application/cbor"),
            ("Content-Length", str(len(encoded))),
            ("smithy-protocol", "rpc-v2-cbor"),
        ]
        start_response(status, kept)
        return [encoded]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto_server does (URLs moto hands out)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    moto_app = DomainDispatcherApplication(create_backend_app)
    app = RpcV2CborToJson(moto_app, _service_models_by_target_prefix())
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
