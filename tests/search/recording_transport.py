"""A recording transport for the Elasticsearch client: no server is contacted.

`RecordingNode` stands in for the HTTP node of `elasticsearch.Elasticsearch`: it records every request
(method, path, parsed body, timeout) and answers from canned responses. Tests built on it check what the
backend *sends*; they say nothing about how a real cluster would answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from elastic_transport import ApiResponseMeta, BaseNode, ConnectionError, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str
    body: object
    request_timeout: object


@dataclass
class Recorder:
    requests: list[RecordedRequest] = field(default_factory=list)
    routes: list = field(default_factory=list)  # (method, path predicate, status, body or callable)
    unreachable: bool = False

    def on(self, method: str, path_contains: str, body, status: int = 200) -> None:
        self.routes.insert(0, (method, path_contains, status, body))

    def answer(self, method: str, path: str, body):
        for route_method, fragment, status, response in self.routes:
            if route_method == method and fragment in path:
                return status, response(body) if callable(response) else response
        return 200, {"acknowledged": True}

    def calls(self, method: str | None = None, path_contains: str = "") -> list[RecordedRequest]:
        return [r for r in self.requests if (method is None or r.method == method) and path_contains in r.path]


def _parse(body: bytes | None):
    if not body:
        return None
    text = body.decode()
    lines = [line for line in text.split("\n") if line]
    if len(lines) > 1 or text.endswith("\n"):
        return [json.loads(line) for line in lines]
    return json.loads(text)


def recording_client(recorder: Recorder, **kwargs) -> Elasticsearch:
    class RecordingNode(BaseNode):
        _CLIENT_META_HTTP_CLIENT = ("rec", "1.0")

        def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
            path, _, query = target.partition("?")
            recorder.requests.append(RecordedRequest(method, path, query, _parse(body), request_timeout))
            if recorder.unreachable:
                raise ConnectionError("recording transport: server unreachable (simulated)")
            status, response = recorder.answer(method, path, _parse(body))
            meta = ApiResponseMeta(
                status=status,
                http_version="1.1",
                headers=HttpHeaders({"x-elastic-product": "Elasticsearch", "content-type": "application/json"}),
                duration=0.0,
                node=self.config,
            )
            return NodeApiResponse(meta, json.dumps(response).encode())

    options = {"request_timeout": 5.0, "max_retries": 0, "retry_on_timeout": False}
    options.update(kwargs)
    return Elasticsearch("http://recording.invalid:9200", node_class=RecordingNode, **options)
