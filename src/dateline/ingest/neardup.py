"""Near-duplicate detection: MinHash signatures over character shingles, indexed by LSH.

The same wire story reaches a corpus many times — re-published by other
outlets with a new headline, a changed word, a dropped paragraph. Exact ids
(hashes of the normalised text) catch only identical copies; MinHash estimates
the Jaccard similarity of two texts' character 5-gram sets from 128 numbers, and LSH
finds the candidates above a threshold without comparing against every stored
article. Signatures are plain bytes so the store can keep them and the index
can be rebuilt at start-up without re-reading any text.

Everything is deterministic (fixed seed), so the same texts always give the
same signatures and the same answers. Blogs that quote a few paragraphs of a
wire story are *not* near-duplicates (their shingle sets overlap far less than
the threshold); that relation is text reuse, found by ``dateline.resolve``.
"""

from __future__ import annotations

import re
import struct

import numpy as np

from dateline.model import normalise_text

NUM_PERM = 128
SEED = 20171020
SHINGLE_CHARS = 5
DEFAULT_THRESHOLD = 0.8
LSH_MARGIN = 0.1
"""LSH banding misses some pairs just above its threshold, so candidates are gathered
0.1 lower and then filtered on the estimated Jaccard, which is exact to the signature."""
_SCHEME = "affine32"
_MAGIC = b"DLMH"
_VERSION = 1
_HEADER = struct.Struct("<4sBHI")
"""magic, format version, number of permutations, seed — so a signature made with
other parameters is refused instead of silently compared."""
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_CHARS) -> set[bytes]:
    """The set of ``size``-character shingles of ``text``'s lower-cased words joined by single spaces.

    Character shingles are forgiving of the small edits re-publishers make (a
    changed word removes only the few shingles that overlap it) while two
    different reports of the same event stay far apart. Normalising first
    (quotes, dashes, whitespace, punctuation) makes typographic differences
    between outlets invisible, as they are to a reader. Texts shorter than
    ``size`` give one shingle.
    """
    joined = " ".join(_TOKEN.findall(normalise_text(text).lower()))
    if len(joined) <= size:
        return {joined.encode("utf-8")} if joined else set()
    return {joined[index : index + size].encode("utf-8") for index in range(len(joined) - size + 1)}


class NearDuplicateIndex:
    """Which already-indexed article is a near-duplicate of this one?

    Example:
        >>> index = NearDuplicateIndex()
        >>> index.add("a1", index.signature(wire_text))  # doctest: +SKIP
        >>> index.query(index.signature(republished_text))  # doctest: +SKIP
        ('a1', 0.91)
    """

    def __init__(
        self, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM, seed: int = SEED
    ) -> None:
        """Create an empty index answering at estimated Jaccard ``threshold`` or above."""
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        from datasketch import (  # imported here: datasketch pulls in scipy (~0.4 s)
            MinHash,
            MinHashLSH,
        )

        self._permutations = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=num_perm)
        self._hashvalues: dict[str, np.ndarray] = {}
        self._rank: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._hashvalues)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._hashvalues

    def signature(self, text: str) -> bytes:
        """The MinHash signature of ``text`` as bytes (``num_perm`` × 4 bytes plus a small header)."""
        from datasketch import MinHash

        minhash = MinHash(
            num_perm=self.num_perm, seed=self.seed, permutations=self._permutations, scheme=_SCHEME
        )
        minhash.update_batch(sorted(shingles(text)))
        header = _HEADER.pack(_MAGIC, _VERSION, self.num_perm, self.seed)
        values: np.ndarray = minhash.hashvalues
        return header + values.astype("<u4").tobytes()

    def _hashvalues_of(self, sig: bytes) -> np.ndarray:
        if len(sig) != _HEADER.size + 4 * self.num_perm:
            raise ValueError(
                f"signature of {len(sig)} bytes does not fit this index ({self.num_perm} permutations); "
                "recompute it with NearDuplicateIndex.signature"
            )
        magic, version, num_perm, seed = _HEADER.unpack_from(sig)
        if (magic, version, num_perm, seed) != (_MAGIC, _VERSION, self.num_perm, self.seed):
            raise ValueError(
                f"signature made with other parameters (version {version}, {num_perm} permutations, "
                f"seed {seed}); recompute it with NearDuplicateIndex.signature"
            )
        return np.frombuffer(sig, dtype="<u4", offset=_HEADER.size).astype(np.uint32)

    def add(self, article_id: str, sig: bytes) -> None:
        """Index ``sig`` under ``article_id``; adding an id again changes nothing."""
        if article_id in self._hashvalues:
            return
        from datasketch import LeanMinHash

        values = self._hashvalues_of(sig)
        self._lsh.insert(article_id, LeanMinHash(seed=self.seed, hashvalues=values, scheme=_SCHEME))
        self._hashvalues[article_id] = values
        self._rank[article_id] = len(self._rank)

    def query(self, sig: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its estimated Jaccard.

        Ties go to the article indexed first, so the answer does not depend on
        hash-table order. ``exclude`` leaves one id out (an article querying
        itself after being added).
        """
        from datasketch import LeanMinHash

        values = self._hashvalues_of(sig)
        candidates = self._lsh.query(LeanMinHash(seed=self.seed, hashvalues=values, scheme=_SCHEME))
        best: tuple[str, float] | None = None
        for article_id in sorted(candidates, key=self._rank.__getitem__):
            if article_id == exclude:
                continue
            score = float(np.count_nonzero(self._hashvalues[article_id] == values)) / self.num_perm
            if score >= self.threshold and (best is None or score > best[1]):
                best = (article_id, round(score, 4))
        return best
