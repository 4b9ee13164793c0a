"""A precomputed index over candidate organisations: dense and sparse matrices built once, so that one member
is ranked against hundreds of thousands of candidates with a handful of vectorised operations."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .profiles import ITEM_KINDS, PARTNER_TYPES, Item, OrgId, Profile
from .text import ConceptVectoriser, TextEmbedder

EARTH_RADIUS_KM = 6371.0
TYPE_CODE = {t: i for i, t in enumerate(PARTNER_TYPES)}
KIND_CODE = {k: i for i, k in enumerate(ITEM_KINDS)}


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere; the distance of two points follows from their dot product."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1).astype(np.float32)


def km_from_dot(dot: np.ndarray) -> np.ndarray:
    return EARTH_RADIUS_KM * np.arccos(np.clip(dot, -1.0, 1.0))


@dataclass
class ItemGroup:
    """All candidates' offers or needs of one EEN kind, sorted by owner."""

    text: np.ndarray  # (n_items, width) float32
    concepts: sparse.csr_matrix  # (n_items, n_concepts)
    owner: np.ndarray  # (n_items,) candidate row, ascending
    starts: np.ndarray  # first item of each distinct owner (for np.maximum.reduceat)
    owners: np.ndarray  # distinct owners
    items: list[Item]


@dataclass
class Encoded:
    """Vectors for a block of members (the rows of the index when the members are indexed candidates)."""

    profiles: list[Profile]
    text: np.ndarray
    concepts: sparse.csr_matrix
    country: np.ndarray
    region: np.ndarray
    type: np.ndarray
    clusters: np.ndarray
    xyz: np.ndarray
    has_geo: np.ndarray
    graph_rows: sparse.csr_matrix  # (B, n_nodes) neighbours in the collaboration graph


@dataclass
class CandidateIndex:
    profiles: list[Profile]
    ids: list[OrgId]
    row: dict[OrgId, int]
    embedder: TextEmbedder
    concept_vectoriser: ConceptVectoriser
    text: np.ndarray
    concepts: sparse.csr_matrix
    concepts_t: sparse.csr_matrix
    country_codes: dict[str, int]
    region_codes: dict[str, int]
    cluster_codes: dict[str, int]
    country: np.ndarray
    region: np.ndarray
    type: np.ndarray
    clusters: np.ndarray  # bit mask per candidate
    xyz: np.ndarray
    has_geo: np.ndarray
    activity: np.ndarray  # log1p(activity)
    recent_activity: np.ndarray  # log1p(projects of the last two years)
    recency: np.ndarray
    reference_year: int | None
    node_row: dict[Hashable, int]
    adjacency: sparse.csr_matrix  # (n_nodes, n_nodes), candidates first
    adjacency_to_candidates: sparse.csr_matrix  # (n_nodes, n_candidates)
    aa_weight: np.ndarray  # 1 / log(degree) per node
    partners_by_country: np.ndarray  # (n_countries, n_candidates) log1p(count of known partners per country)
    type_affinity: np.ndarray  # (n_types, n_types) link rate between organisation types, scaled to [0, 1]
    item_groups: dict[str, ItemGroup] = field(default_factory=dict)
    item_rows: dict[Item, tuple[str, int]] = field(default_factory=dict)  # indexed item -> (kind, row in its group)

    def __len__(self) -> int:
        return len(self.ids)

    # -- members ---------------------------------------------------------------------------------------------
    def encode(self, members: Sequence[Profile]) -> Encoded:
        """Vectors for members; indexed members whose profile object is the indexed one reuse stored rows."""
        rows = [self.row.get(m.org_id) for m in members]
        stored = all(r is not None and self.profiles[r] is m for r, m in zip(rows, members, strict=True))
        if stored:
            idx = np.array(rows, dtype=np.int64)
            return Encoded(
                profiles=list(members),
                text=self.text[idx],
                concepts=self.concepts[idx],
                country=self.country[idx],
                region=self.region[idx],
                type=self.type[idx],
                clusters=self.clusters[idx],
                xyz=self.xyz[idx],
                has_geo=self.has_geo[idx],
                graph_rows=self.adjacency[idx],
            )
        lat = np.array([m.lat if m.lat is not None else np.nan for m in members], dtype=np.float64)
        lon = np.array([m.lon if m.lon is not None else np.nan for m in members], dtype=np.float64)
        has_geo = ~(np.isnan(lat) | np.isnan(lon))
        xyz = unit_vectors(np.nan_to_num(lat), np.nan_to_num(lon))
        graph_rows = self._graph_rows(members)
        return Encoded(
            profiles=list(members),
            text=self.embedder.transform([m.text for m in members]),
            concepts=self.concept_vectoriser.transform([m.all_concepts for m in members]),
            country=np.array([self.country_codes.get(m.country, -1) for m in members], dtype=np.int32),
            region=np.array([self.region_codes.get(m.region, -1) if m.region else -1 for m in members], dtype=np.int32),
            type=np.array([TYPE_CODE[m.type] for m in members], dtype=np.int8),
            clusters=np.array([self._cluster_bits(m.clusters) for m in members], dtype=np.uint8),
            xyz=xyz,
            has_geo=has_geo,
            graph_rows=graph_rows,
        )

    def _cluster_bits(self, clusters: Iterable[str]) -> int:
        bits = 0
        for c in clusters:
            if c in self.cluster_codes:
                bits |= 1 << self.cluster_codes[c]
        return bits

    def _graph_rows(self, members: Sequence[Profile]) -> sparse.csr_matrix:
        rows, cols = [], []
        for r, m in enumerate(members):
            stored = self.row.get(m.org_id)
            neighbours = (
                set(self.adjacency.indices[self.adjacency.indptr[stored] : self.adjacency.indptr[stored + 1]])
                if stored is not None
                else set()
            )
            neighbours |= {self.node_row[p] for p in m.known_partner_ids if p in self.node_row}
            rows += [r] * len(neighbours)
            cols += sorted(neighbours)
        n_nodes = self.adjacency.shape[0]
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(members), n_nodes))

    def item_vectors(self, items: Sequence[Item]) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Text and concept vectors of offers or needs; indexed items are looked up, others encoded."""
        found = [self.item_rows.get(i) for i in items]
        if items and all(f is not None for f in found):
            groups = [self.item_groups[kind] for kind, _r in found]
            text = np.stack([g.text[r] for g, (_k, r) in zip(groups, found, strict=True)])
            concepts = sparse.vstack([g.concepts[r] for g, (_k, r) in zip(groups, found, strict=True)], format="csr")
            return text, concepts
        text = self.embedder.transform([i.text for i in items])
        return text, self.concept_vectoriser.transform([i.concepts for i in items])


def build_index(
    profiles: Sequence[Profile],
    *,
    extra_links: Iterable[tuple[Hashable, Hashable]] = (),
    text_dim: int = 64,
    embedder: TextEmbedder | None = None,
    clusters: Sequence[str] = (),
) -> CandidateIndex:
    """Index the candidates once. `extra_links` adds collaboration edges between organisations that are not
    candidates (partners abroad), so that graph signals count paths through them."""
    ids = [p.org_id for p in profiles]
    row = {org_id: i for i, org_id in enumerate(ids)}
    if len(row) != len(ids):
        raise ValueError("duplicate organisation ids among the candidates")
    n = len(ids)

    embedder = embedder or TextEmbedder(dim=text_dim)
    texts = [p.text for p in profiles]
    item_texts = [i.text for p in profiles for i in (*p.offers, *p.needs)]
    if embedder.vectoriser is None:
        embedder.fit(texts + item_texts)
    text = embedder.transform(texts)
    concept_vectoriser = ConceptVectoriser().fit(
        [p.all_concepts for p in profiles] + [i.concepts for p in profiles for i in (*p.offers, *p.needs)]
    )
    concepts = concept_vectoriser.transform([p.all_concepts for p in profiles])

    country_codes = {c: i for i, c in enumerate(sorted({p.country for p in profiles if p.country}))}
    region_codes = {c: i for i, c in enumerate(sorted({p.region for p in profiles if p.region}))}
    cluster_codes = {c: i for i, c in enumerate(sorted(set(clusters) | {c for p in profiles for c in p.clusters}))}
    if len(cluster_codes) > 8:
        raise ValueError("at most eight clusters are supported")

    lat = np.array([p.lat if p.lat is not None else np.nan for p in profiles], dtype=np.float64)
    lon = np.array([p.lon if p.lon is not None else np.nan for p in profiles], dtype=np.float64)
    has_geo = ~(np.isnan(lat) | np.isnan(lon))
    years = [p.last_active_year for p in profiles if p.last_active_year is not None]
    reference_year = max(years) if years else None
    recency = np.array(
        [
            float(np.exp(-(reference_year - p.last_active_year) / 2.0)) if p.last_active_year is not None else 0.0
            for p in profiles
        ],
        dtype=np.float32,
    )

    # Collaboration graph over candidates and their partners (candidates take the first rows).
    node_row: dict[Hashable, int] = dict(row)

    def node(key: Hashable) -> int:
        found = node_row.get(key)
        if found is None:
            found = node_row[key] = len(node_row)
        return found

    src = np.fromiter(
        (row[p.org_id] for p in profiles for _q in p.known_partner_ids),
        dtype=np.int64,
        count=sum(len(p.known_partner_ids) for p in profiles),
    )
    dst = np.fromiter((node(q) for p in profiles for q in p.known_partner_ids), dtype=np.int64, count=len(src))
    extra = [(node(x), node(y)) for x, y in extra_links]
    if extra:
        pairs = np.array(extra, dtype=np.int64)
        src, dst = np.concatenate([src, pairs[:, 0]]), np.concatenate([dst, pairs[:, 1]])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    n_nodes = len(node_row)
    adjacency = sparse.csr_matrix(
        (np.ones(2 * len(src), dtype=np.float32), (np.concatenate([src, dst]), np.concatenate([dst, src]))),
        shape=(n_nodes, n_nodes),
    )
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    aa_weight = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2.0)), 0.0).astype(np.float32)
    adjacency_to_candidates = adjacency[:, :n].tocsr()

    country = np.array([country_codes.get(p.country, -1) for p in profiles], dtype=np.int32)
    n_countries = max(len(country_codes), 1)
    onehot = sparse.csr_matrix(
        (np.ones(int((country >= 0).sum()), dtype=np.float32), (np.flatnonzero(country >= 0), country[country >= 0])),
        shape=(n_nodes, n_countries),
    )
    partners_by_country = np.ascontiguousarray(
        np.log1p(np.asarray((adjacency_to_candidates.T @ onehot).todense(), dtype=np.float32)).T
    )

    types = np.array([TYPE_CODE[p.type] for p in profiles], dtype=np.int8)
    type_affinity = _type_affinity(types, adjacency_to_candidates[:n])

    index = CandidateIndex(
        profiles=list(profiles),
        ids=ids,
        row=row,
        embedder=embedder,
        concept_vectoriser=concept_vectoriser,
        text=text,
        concepts=concepts,
        concepts_t=concepts.T.tocsr(),
        country_codes=country_codes,
        region_codes=region_codes,
        cluster_codes=cluster_codes,
        country=country,
        region=np.array([region_codes.get(p.region, -1) if p.region else -1 for p in profiles], dtype=np.int32),
        type=types,
        clusters=np.array([0] * n, dtype=np.uint8),
        xyz=unit_vectors(np.nan_to_num(lat), np.nan_to_num(lon)),
        has_geo=has_geo,
        activity=np.log1p(np.array([max(p.activity, 0.0) for p in profiles], dtype=np.float32)),
        recent_activity=np.log1p(np.array([max(p.recent_activity, 0.0) for p in profiles], dtype=np.float32)),
        recency=recency,
        reference_year=reference_year,
        node_row=node_row,
        adjacency=adjacency,
        adjacency_to_candidates=adjacency_to_candidates,
        aa_weight=aa_weight,
        partners_by_country=partners_by_country,
        type_affinity=type_affinity,
    )
    index.clusters = np.array([index._cluster_bits(p.clusters) for p in profiles], dtype=np.uint8)
    index.item_groups = _item_groups(index, profiles)
    index.item_rows = {item: (kind, r) for kind, g in index.item_groups.items() for r, item in enumerate(g.items)}
    return index


def _type_affinity(types: np.ndarray, candidate_adjacency: sparse.csr_matrix) -> np.ndarray:
    """How often organisations of two types work together, relative to how many such pairs exist (smoothed)."""
    n_types = len(PARTNER_TYPES)
    counts = np.bincount(types, minlength=n_types).astype(np.float64)
    coo = candidate_adjacency.tocoo()
    links = np.zeros((n_types, n_types))
    np.add.at(links, (types[coo.row], types[coo.col]), 1.0)
    pairs = np.outer(counts, counts)
    overall = links.sum() / max(pairs.sum(), 1.0)
    prior = 10.0  # pseudo-pairs at the overall rate, so rare types do not get extreme rates
    rate = (links + prior * overall) / (pairs + prior)
    top = rate.max()
    return (rate / top).astype(np.float32) if top > 0 else np.ones((n_types, n_types), dtype=np.float32)


def _item_groups(index: CandidateIndex, profiles: Sequence[Profile]) -> dict[str, ItemGroup]:
    by_kind: dict[str, list[tuple[int, Item]]] = {k: [] for k in ITEM_KINDS}
    for r, p in enumerate(profiles):
        for item in (*p.offers, *p.needs):
            by_kind[item.kind].append((r, item))
    groups = {}
    for kind, entries in by_kind.items():
        if not entries:
            continue
        owner = np.array([r for r, _i in entries], dtype=np.int64)
        items = [i for _r, i in entries]
        text, concepts = index.item_vectors(items)
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        groups[kind] = ItemGroup(
            text=text, concepts=concepts, owner=owner, starts=starts, owners=owner[starts], items=items
        )
    return groups
