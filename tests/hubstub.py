"""A loopback stand-in for the model hub: the URL layout and headers huggingface_hub reads.

  GET /api/models/{repo}[/revision/{rev}]   → model info JSON (sha, siblings with size, blobId, lfs sha256)
  HEAD|GET /{repo}/resolve/{rev}/{file}     → the file, with ETag, X-Repo-Commit, X-Linked-Etag, X-Linked-Size
                                              (LFS files), Content-Length, and Range for a resumed transfer

It serves real files (the embedded Whisper base) under any repo name, on 127.0.0.1 only.
`faults` bends what it serves, so tests can see a download go wrong in each way.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "4f1c0a6b2d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
LFS = ("model.bin",)   # large files are LFS on the hub; the rest are plain git blobs


def blob_id(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


class StandInHub:
    def __init__(self, files: dict[str, Path], repo: str = "KBLab/kb-whisper-base"):
        self.files = {name: Path(path) for name, path in files.items()}
        self.repo = repo
        self.meta = {}
        for name, path in self.files.items():
            data = path.read_bytes()
            self.meta[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "blob": blob_id(data)}
        # truncate: {file: n}, wrong_sha: file, stall_after: {file: n} (then hang), pause_after: {file: (n, s)}
        self.faults: dict[str, object] = {}
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle(self):
                try:
                    super().handle()
                except ConnectionError:  # the client was killed or gave up: expected in these tests
                    pass

            def do_HEAD(self):
                self.serve(body=False)

            def do_GET(self):
                self.serve(body=True)

            def serve(self, body: bool):
                path = unquote(urlparse(self.path).path)
                hub.requests.append(f"{self.command} {path}")
                if path.startswith(f"/api/models/{hub.repo}"):
                    return self.send(200, json.dumps(hub.info()).encode(), {"Content-Type": "application/json"}, body)
                prefix = f"/{hub.repo}/resolve/"
                if not path.startswith(prefix):
                    return self.send(404, b'{"error": "Repository not found"}', {"X-Error-Code": "RepoNotFound"}, body)
                _rev, _, name = path[len(prefix):].partition("/")
                if name not in hub.files:
                    return self.send(404, b'{"error": "Entry not found"}', {"X-Error-Code": "EntryNotFound"}, body)
                data = hub.files[name].read_bytes()
                cut = hub.faults.get("truncate", {}).get(name)
                if cut is not None:
                    data = data[:cut]
                meta = hub.meta[name]
                headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{meta["blob"]}"', "Accept-Ranges": "bytes",
                           "Content-Type": "application/octet-stream"}
                if name in LFS:
                    headers |= {"X-Linked-Etag": f'"{meta["sha256"]}"', "X-Linked-Size": str(len(data))}
                start = 0
                if self.headers.get("Range", "").startswith("bytes="):
                    start = int(self.headers["Range"][6:].split("-")[0] or 0)
                    headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
                stall = hub.faults.get("stall_after", {}).get(name)
                pause = hub.faults.get("pause_after", {}).get(name)
                self.send(206 if start else 200, data[start:], headers, body, stall, pause)

            def send(self, code, data, headers, body, stall=None, pause=None):
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if not body:
                    return
                if pause is not None:  # (bytes, seconds): a slow line, then the rest
                    self.wfile.write(data[:pause[0]])
                    self.wfile.flush()
                    time.sleep(pause[1])
                    data = data[pause[0]:]
                if stall is None:
                    self.wfile.write(data)
                    return
                self.wfile.write(data[:stall])
                self.wfile.flush()
                time.sleep(600)  # hold the line open: the client is killed meanwhile

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def info(self) -> dict:
        siblings = []
        for name, meta in self.meta.items():
            sha = "0" * 64 if self.faults.get("wrong_sha") == name else meta["sha256"]
            sibling = {"rfilename": name, "size": meta["size"], "blobId": meta["blob"]}
            if name in LFS:
                sibling["lfs"] = {"size": meta["size"], "sha256": sha, "pointerSize": 134}
            siblings.append(sibling)
        siblings.append({"rfilename": "README.md", "size": 10, "blobId": "0" * 40})  # not on the allow-list
        return {"_id": "stand-in", "id": self.repo, "modelId": self.repo, "sha": COMMIT, "private": False,
                "disabled": False, "gated": False, "downloads": 0, "likes": 0, "tags": [], "siblings": siblings,
                "lastModified": "2025-03-01T00:00:00.000Z", "createdAt": "2025-03-01T00:00:00.000Z"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
