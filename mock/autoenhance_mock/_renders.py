"""Rendered downloads, cached: decoding and encoding an image costs far more than serving it.

Two bounded LRU caches: decoded originals (``Source``, bounded by the bytes their pixels hold,
256 MB by default, not by count: one 40 MP original is about 160 MB) and encoded answers (by
image, upload version and options, bounded in count and bytes). A new upload bumps the image's
version, so its old renders are never served again and age out. Rendering happens outside the
store's lock, in the app's worker threads; two requests racing for one render may both do it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from ._render import Rendered, RenderOptions, Source, load, merge_brackets, render

__all__ = ["Original", "Renders"]


@dataclass(frozen=True)
class Original:
    """What an image's downloads are rendered from, copied out of the store under its lock."""

    key: tuple[str, str, int]  # (account, image id, upload version)
    name: str
    data: bytes | None  # the uploaded file
    parts: tuple[bytes, ...]  # or the brackets to merge; neither: a seeded image's placeholder


class Renders:
    """The two caches. ``source_bytes`` bounds the decoded originals by the memory their pixels
    hold (``Source.nbytes``; a 40 MP original alone is about 160 MB), not by their count."""

    def __init__(
        self, source_bytes: int = 256 * 1024 * 1024, answers: int = 128, answer_bytes: int = 64 * 1024 * 1024
    ) -> None:
        self._sources: OrderedDict[tuple[str, str, int], Source] = OrderedDict()
        self._answers: OrderedDict[tuple[tuple[str, str, int], RenderOptions], Rendered] = OrderedDict()
        self._max_source_bytes, self._max_answers, self._max_bytes = source_bytes, answers, answer_bytes
        self._bytes = 0
        self._lock = threading.Lock()
        self.renders = 0  # how many answers were encoded (the rest came from the cache)

    @property
    def source_bytes(self) -> int:
        """What the cached decoded originals hold now (a source grows with finer JPEG decodes)."""
        with self._lock:
            return sum(source.nbytes for source in self._sources.values())

    def get(self, original: Original, options: RenderOptions) -> Rendered:
        key = (original.key, options)
        with self._lock:
            cached = self._answers.get(key)
            if cached is not None:
                self._answers.move_to_end(key)
                return cached
        answer = render(self._source(original), options)
        with self._lock:
            self.renders += 1
            self._trim_sources()  # the render may have added a finer decode to its source
            if key not in self._answers and len(answer.body) <= self._max_bytes:
                self._answers[key] = answer
                self._bytes += len(answer.body)
                while len(self._answers) > self._max_answers or self._bytes > self._max_bytes:
                    _, dropped = self._answers.popitem(last=False)
                    self._bytes -= len(dropped.body)
        return answer

    def _source(self, original: Original) -> Source:
        with self._lock:
            source = self._sources.get(original.key)
            if source is not None:
                self._sources.move_to_end(original.key)
                return source
        if original.parts:
            data = original.parts[0] if len(original.parts) == 1 else merge_brackets(original.parts)
        else:
            data = original.data or b""
        source = load(data, original.name)
        with self._lock:
            self._sources[original.key] = source
            self._trim_sources()
        return source

    def _trim_sources(self) -> None:
        """Drop the least recently used sources until they fit (under the lock). One that alone is
        over the bound is not kept either; a render using a dropped source still has it."""
        total = sum(source.nbytes for source in self._sources.values())
        while self._sources and total > self._max_source_bytes:
            _, dropped = self._sources.popitem(last=False)
            total -= dropped.nbytes

    def clear(self) -> None:
        with self._lock:
            self._sources.clear()
            self._answers.clear()
            self._bytes = 0
