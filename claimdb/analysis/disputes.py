"""Disputes, sides, voices and standings: pure logic over plain values.

A *dispute* is a connected component of linked claims. ``contradicts`` puts two claims on
opposite *sides*, ``supports`` on the same side; when no consistent two-sided split exists
the dispute is *tangled*. A claim's *standing* comes from its direct links only. Everything
here is deterministic and linear in claims + links.

The link suggester lives in ``claimdb.analysis.contradiction``; its public names are
re-exported here (``suggest``, ``Candidate``, ``Suggestion``).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from claimdb.analysis.contradiction import Candidate, Suggestion, suggest
from claimdb.models import RELATIONS

STANDINGS = ("contested", "disputed-within-camp", "corroborated", "uncorroborated", "retracted")


@dataclass(frozen=True)
class Node:
    """One claim as the dispute logic sees it."""

    id: int
    speaker_id: int
    camp_id: int
    blocs: frozenset[int] = field(default_factory=frozenset)
    retracted: bool = False


@dataclass(frozen=True)
class Edge:
    """A link between two claims (``a < b``)."""

    a: int
    b: int
    relation: str
    note: str | None = None


@dataclass
class Dispute:
    """A connected group of linked claims, split into sides unless tangled."""

    claim_ids: list[int]
    sides: list[list[int]]
    tangled: bool
    edges: list[Edge]
    within_camp: bool


def _blocs(node: Node) -> frozenset[int]:
    """A node's blocs, always including its own camp."""
    return node.blocs | {node.camp_id}


def _ordered(edge: Edge) -> Edge:
    if edge.relation not in RELATIONS:
        raise ValueError(f"unknown relation {edge.relation!r}; expected one of {RELATIONS}")
    return replace(edge, a=edge.b, b=edge.a) if edge.a > edge.b else edge


def build_disputes(nodes: Iterable[Node], edges: Iterable[Edge]) -> list[Dispute]:
    """Group linked claims into disputes and two-colour each one (iterative BFS, O(V+E)).

    Only claims that have a link appear. Disputes are ordered by their smallest claim id;
    the side holding that id comes first. An inconsistent colouring marks the dispute
    ``tangled`` (with ``sides == []``); it never raises for one.
    """
    by_id = {n.id: n for n in nodes}
    all_edges = [_ordered(e) for e in edges]
    adjacent: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for e in all_edges:
        flip = int(e.relation == "contradicts")
        adjacent[e.a].append((e.b, flip))
        adjacent[e.b].append((e.a, flip))

    colour: dict[int, int] = {}
    component: dict[int, int] = {}
    groups: list[tuple[list[int], bool]] = []
    for start in sorted(adjacent):
        if start in colour:
            continue
        index = len(groups)
        colour[start], component[start] = 0, index
        members, queue, tangled = [start], deque([start]), False
        while queue:
            here = queue.popleft()
            for there, flip in adjacent[here]:
                wanted = colour[here] ^ flip
                if there not in colour:
                    colour[there], component[there] = wanted, index
                    members.append(there)
                    queue.append(there)
                elif colour[there] != wanted:
                    tangled = True
        groups.append((sorted(members), tangled))

    edges_of: list[list[Edge]] = [[] for _ in groups]
    for e in all_edges:
        edges_of[component[e.a]].append(e)

    disputes = []
    for (ids, tangled), own_edges in zip(groups, edges_of, strict=True):
        sides: list[list[int]] = []
        if not tangled:
            sides = [[i for i in ids if colour[i] == c] for c in (0, 1)]
            sides = [s for s in sides if s]
        within = any(
            e.relation == "contradicts"
            and e.a in by_id
            and e.b in by_id
            and not independent(by_id[e.a], by_id[e.b])
            for e in own_edges
        )
        own_edges.sort(key=lambda e: (e.a, e.b, e.relation))
        disputes.append(Dispute(ids, sides, tangled, own_edges, within))
    return disputes


def voices(side: Iterable[int], nodes: Mapping[int, Node]) -> int:
    """Count independent voices on a side: claims sharing any bloc are one voice.

    Union-find over bloc ids, so "ministry + its spokesman" or "coalition + one of its
    members" count once. Retracted claims are not voices.
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    live = [nodes[i] for i in side if not nodes[i].retracted]
    for node in live:
        first, *rest = sorted(_blocs(node))
        for bloc in rest:
            parent[find(bloc)] = find(first)
    return len({find(node.camp_id) for node in live})


def _edges_of(links: Iterable[Edge | Dispute]) -> Iterator[Edge]:
    for item in links:
        if isinstance(item, Dispute):
            yield from item.edges
        else:
            yield item


def independent(x: Node, y: Node) -> bool:
    """Two claims are independent when their speakers share no bloc (camp or coalition)."""
    return _blocs(x).isdisjoint(_blocs(y))


def standing(nodes: Mapping[int, Node], links: Iterable[Edge | Dispute]) -> dict[int, str]:
    """The standing (one of ``STANDINGS``) of every claim in ``nodes``, from DIRECT links.

    retracted > contested (directly contradicted by an independent claim: another camp) >
    disputed-within-camp (directly contradicted, only by claims of its own camp or bloc) >
    corroborated (directly supported by an independent claim) > uncorroborated. A claim
    that merely shares a dispute with others (a support of a contested claim) is not
    contested. ``links`` are edges, or disputes (their edges are used). Retracted claims
    are nobody's opponent or ally; links to claims not in ``nodes`` are ignored. O(V + E).
    """
    opponents: dict[int, list[Node]] = defaultdict(list)
    allies: dict[int, list[Node]] = defaultdict(list)
    for e in _edges_of(links):
        x, y = nodes.get(e.a), nodes.get(e.b)
        if x is None or y is None or x.retracted or y.retracted or x.id == y.id:
            continue
        found = opponents if e.relation == "contradicts" else allies
        found[x.id].append(y)
        found[y.id].append(x)
    out = {}
    for i, n in nodes.items():
        if n.retracted:
            out[i] = "retracted"
        elif any(independent(n, o) for o in opponents[i]):
            out[i] = "contested"
        elif opponents[i]:
            out[i] = "disputed-within-camp"
        elif any(independent(n, a) for a in allies[i]):
            out[i] = "corroborated"
        else:
            out[i] = "uncorroborated"
    return out


def speaker_pairs(
    nodes: Mapping[int, Node], edges: Iterable[Edge], by: str = "speaker"
) -> dict[tuple[int, int], dict[str, int]]:
    """Who contradicts/supports whom: ``(low id, high id) -> {"contradicts": n, "supports": m}``.

    ``by="speaker"`` keys on speaker ids, ``by="camp"`` on camp ids. A key ``(x, x)`` counts
    links inside one speaker (or camp). Links touching a retracted or unknown claim are
    left out. Keys come back sorted.
    """
    if by not in ("speaker", "camp"):
        raise ValueError(f"by must be 'speaker' or 'camp', not {by!r}")
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for e in edges:
        e = _ordered(e)
        x, y = nodes.get(e.a), nodes.get(e.b)
        if x is None or y is None or x.retracted or y.retracted:
            continue
        kx, ky = (x.speaker_id, y.speaker_id) if by == "speaker" else (x.camp_id, y.camp_id)
        key = (min(kx, ky), max(kx, ky))
        counts.setdefault(key, dict.fromkeys(RELATIONS, 0))[e.relation] += 1
    return dict(sorted(counts.items()))


_CREDIBILITY = {
    "corroborated": 2,
    "uncorroborated": 3,
    "disputed-within-camp": 4,
    "contested": 4,
    "retracted": 6,
}


def suggest_credibility(standing: str) -> int:
    """Suggest an Admiralty (NATO) credibility grade 1-6 for a standing.

    corroborated → 2 (probably true: an independent camp says the same);
    uncorroborated → 3 (possibly true: nothing confirms or denies it);
    disputed-within-camp → 4 (doubtful: its own camp says otherwise);
    contested → 4 (doubtful, not 5: in a conflict the other camp's denial is expected and
    is not by itself evidence that the claim is improbable; the analyst may lower it);
    retracted → 6 (truth cannot be judged: the claim is withdrawn, for whatever reason).
    Grade 1 (confirmed) is never suggested: it needs evidence this tool does not hold.
    """
    try:
        return _CREDIBILITY[standing]
    except KeyError:
        raise ValueError(f"unknown standing {standing!r}; expected one of {STANDINGS}") from None


__all__ = [
    "RELATIONS",
    "STANDINGS",
    "Candidate",
    "Dispute",
    "Edge",
    "Node",
    "Suggestion",
    "build_disputes",
    "independent",
    "speaker_pairs",
    "standing",
    "suggest",
    "suggest_credibility",
    "voices",
]
