"""Disputes, sides, standings, voices and suggestions (pure logic, no database)."""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdb.analysis.disputes import (
    STANDINGS,
    Candidate,
    Edge,
    Node,
    build_disputes,
    speaker_pairs,
    standing,
    suggest,
    suggest_credibility,
    voices,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "rt-arabic-2015-10-02.toml"


def node(i: int, camp: int, speaker: int | None = None, blocs=(), retracted=False) -> Node:
    return Node(
        i, speaker if speaker is not None else camp, camp, frozenset({camp, *blocs}), retracted
    )


def c(a: int, b: int) -> Edge:
    return Edge(a, b, "contradicts")


def s(a: int, b: int) -> Edge:
    return Edge(a, b, "supports")


# --- build_disputes -----------------------------------------------------------------


def test_chain_of_contradictions_and_supports_two_colours() -> None:
    nodes = [node(i, camp=i) for i in range(1, 8)]
    # 1 x 2 x 3, 3 + 4 (same side), 4 x 5; separately 6 + 7; node 8 has no link.
    edges = [c(2, 3), c(1, 2), s(3, 4), c(4, 5), s(6, 7)]
    first, second = build_disputes([*nodes, node(8, 8)], edges)
    assert first.claim_ids == [1, 2, 3, 4, 5]
    assert first.sides == [[1, 3, 4], [2, 5]]
    assert not first.tangled
    assert [(e.a, e.b) for e in first.edges] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert second.claim_ids == [6, 7]
    assert second.sides == [[6, 7]]  # only supports: one side


def test_edges_given_backwards_are_ordered() -> None:
    (dispute,) = build_disputes([], [Edge(9, 4, "contradicts", "why")])
    assert dispute.edges == [Edge(4, 9, "contradicts", "why")]
    assert dispute.sides == [[4], [9]]


def test_tangled_triangle_does_not_crash() -> None:
    nodes = [node(1, 1), node(2, 2), node(3, 3)]
    (dispute,) = build_disputes(nodes, [c(1, 2), c(2, 3), c(1, 3)])
    assert dispute.tangled
    assert dispute.sides == []
    assert dispute.claim_ids == [1, 2, 3]
    by_id = {n.id: n for n in nodes}
    assert set(standing(by_id, [dispute]).values()) == {"contested"}


def test_contradicts_and_supports_on_one_pair_is_tangled() -> None:
    (dispute,) = build_disputes([], [c(1, 2), s(1, 2)])
    assert dispute.tangled


def test_within_camp_flag() -> None:
    nodes = [node(1, camp=1, speaker=10), node(2, camp=1, speaker=11), node(3, camp=3)]
    same, other = build_disputes(nodes, [c(1, 2), s(3, 4)])
    assert same.within_camp
    assert not other.within_camp


def test_unknown_relation_is_rejected() -> None:
    with pytest.raises(ValueError, match="relation"):
        build_disputes([], [Edge(1, 2, "refutes")])


def test_long_chain_is_iterative() -> None:
    n = 2000
    edges = [c(i, i + 1) for i in range(n - 1)]
    (dispute,) = build_disputes([node(i, i) for i in range(n)], edges)
    assert len(dispute.claim_ids) == n
    assert dispute.sides == [list(range(0, n, 2)), list(range(1, n, 2))]


def _two_colourable(ids: list[int], edges: list[Edge]) -> bool:
    for colours in itertools.product((0, 1), repeat=len(ids)):
        side = dict(zip(ids, colours, strict=True))
        if all((side[e.a] != side[e.b]) == (e.relation == "contradicts") for e in edges):
            return True
    return False


edge_lists = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(["contradicts", "supports"]))
    .filter(lambda t: t[0] != t[1])
    .map(lambda t: Edge(min(t[:2]), max(t[:2]), t[2])),
    max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(edge_lists)
def test_disputes_partition_linked_claims(edges: list[Edge]) -> None:
    disputes = build_disputes([], edges)
    seen = [i for d in disputes for i in d.claim_ids]
    assert sorted(seen) == sorted({i for e in edges for i in (e.a, e.b)})
    assert len(seen) == len(set(seen))
    assert [d.claim_ids[0] for d in disputes] == sorted(d.claim_ids[0] for d in disputes)
    key = lambda e: (e.a, e.b, e.relation)  # noqa: E731
    assert sorted((e for d in disputes for e in d.edges), key=key) == sorted(edges, key=key)
    for d in disputes:
        assert d.claim_ids == sorted(d.claim_ids)
        assert d.tangled == (not _two_colourable(d.claim_ids, d.edges))
        if d.tangled:
            assert d.sides == []
            continue
        assert sorted(i for side in d.sides for i in side) == d.claim_ids
        assert all(side == sorted(side) and side for side in d.sides)
        assert d.claim_ids[0] in d.sides[0]
        side_of = {i: k for k, side in enumerate(d.sides) for i in side}
        for e in d.edges:
            assert (side_of[e.a] != side_of[e.b]) == (e.relation == "contradicts")
        has_contradiction = any(e.relation == "contradicts" for e in d.edges)
        assert len(d.sides) == (2 if has_contradiction else 1)


# --- voices -------------------------------------------------------------------------

RUSSIA, EU, JOINT, FRANCE, TURKEY, ACTIVISTS = 1, 7, 10, 11, 15, 6
MOD, KONASHENKOV, LAVROV, RAY, TURKISH_MFA = 2, 3, 5, 8, 18
MEMBERS = frozenset(range(11, 18))


def test_ministry_and_its_spokesman_are_one_voice() -> None:
    nodes = {1: node(1, RUSSIA, MOD), 2: node(2, RUSSIA, KONASHENKOV)}
    assert voices([1, 2], nodes) == 1


def test_coalition_and_its_member_are_one_voice() -> None:
    nodes = {
        1: node(1, JOINT, JOINT, blocs=MEMBERS),
        2: node(2, TURKEY, TURKISH_MFA, blocs={JOINT}),
    }
    assert voices([1, 2], nodes) == 1


def test_unrelated_speakers_are_two_voices_and_retracted_is_none() -> None:
    nodes = {1: node(1, RUSSIA, MOD), 2: node(2, ACTIVISTS), 3: node(3, EU, retracted=True)}
    assert voices([1, 2], nodes) == 2
    assert voices([1, 2, 3], nodes) == 2
    assert voices([], nodes) == 0


def test_voices_chain_through_shared_blocs() -> None:
    # France and Turkey are both members of the joint statement: one bloc of three claims.
    nodes = {
        1: node(1, FRANCE, blocs={JOINT}),
        2: node(2, TURKEY, blocs={JOINT}),
        3: node(3, JOINT, blocs=MEMBERS),
        4: node(4, EU),
    }
    assert voices([1, 2, 3, 4], nodes) == 2
    assert voices([1, 2], nodes) == 1


nodes_strategy = st.dictionaries(
    st.integers(0, 7),
    st.tuples(st.integers(0, 3), st.frozensets(st.integers(0, 5), max_size=2), st.booleans()),
    min_size=1,
).map(
    lambda d: {
        i: Node(i, 10 + i, camp, frozenset({camp, *extra}), retracted)
        for i, (camp, extra, retracted) in d.items()
    }
)


@settings(max_examples=200, deadline=None)
@given(nodes_strategy)
def test_voices_are_groups_of_claims_linked_by_shared_blocs(nodes: dict[int, Node]) -> None:
    live = [n for n in nodes.values() if not n.retracted]
    group = {n.id: {n.id} for n in live}
    for x, y in itertools.combinations(live, 2):  # brute force: merge overlapping groups
        if x.blocs & y.blocs and group[x.id] is not group[y.id]:
            merged = group[x.id] | group[y.id]
            for i in merged:
                group[i] = merged
    assert voices(nodes, nodes) == len({id(g) for g in group.values()})


# --- standing -----------------------------------------------------------------------


def seed_like_nodes() -> dict[int, Node]:
    return {
        1: node(1, RUSSIA, KONASHENKOV),  # exclusively ISIS infrastructure
        2: node(2, JOINT, JOINT, blocs=MEMBERS),  # strikes not aimed at ISIS
        3: node(3, RUSSIA, LAVROV),  # Nusra, IS and other groups
        4: node(4, RUSSIA, KONASHENKOV),  # command centre near Raqqa destroyed
        5: node(5, ACTIVISTS),  # strikes near Raqqa killed 12 ISIS members
        6: node(6, RUSSIA, MOD),  # 18 sorties (no links)
        7: node(7, EU, RAY, retracted=True),  # retracted, linked to 4
    }


def test_standing_seed_scenario() -> None:
    nodes = seed_like_nodes()
    edges = [c(1, 2), c(1, 3), s(4, 5), c(4, 7)]
    got = standing(nodes, build_disputes(nodes.values(), edges))
    assert got == {
        1: "contested",  # the joint statement is another camp
        2: "contested",
        3: "disputed-within-camp",  # Lavrov's only opponent is the ministry
        4: "corroborated",  # activists agree; the retracted claim opposes nobody
        5: "corroborated",
        6: "uncorroborated",  # no links at all
        7: "retracted",
    }
    assert set(got.values()) <= set(STANDINGS)


def test_lavrov_against_ministry_only_is_within_camp() -> None:
    nodes = seed_like_nodes()
    got = standing(nodes, build_disputes(nodes.values(), [c(1, 3)]))
    assert got[1] == got[3] == "disputed-within-camp"


def test_activists_corroborate_ministry_strike() -> None:
    nodes = seed_like_nodes()
    got = standing(nodes, build_disputes(nodes.values(), [s(4, 5)]))
    assert got[4] == got[5] == "corroborated"


def test_ally_of_the_same_camp_does_not_corroborate() -> None:
    nodes = seed_like_nodes()
    got = standing(nodes, build_disputes(nodes.values(), [s(1, 6), s(2, 7)]))
    assert got[1] == got[6] == "uncorroborated"  # spokesman and ministry: one voice
    assert got[2] == "uncorroborated"  # its only ally is retracted


def test_retracted_opponent_does_not_contest() -> None:
    nodes = seed_like_nodes()
    got = standing(nodes, build_disputes(nodes.values(), [c(4, 7)]))
    assert got[4] == "uncorroborated"


@settings(max_examples=300, deadline=None)
@given(nodes_strategy, edge_lists)
def test_standing_matches_its_definition(nodes: dict[int, Node], edges: list[Edge]) -> None:
    edges = [e for e in edges if e.a in nodes and e.b in nodes]
    disputes = build_disputes(nodes.values(), edges)
    got = standing(nodes, disputes)
    assert set(got) == set(nodes)
    assert standing(nodes, edges) == got  # edges or disputes: the same direct links
    links = {(e.a, e.b, e.relation) for e in edges}
    for i, n in nodes.items():
        if n.retracted:
            assert got[i] == "retracted"
            continue
        others = [m for m in nodes.values() if m.id != i and not m.retracted]
        opponents = [m for m in others if (*sorted((i, m.id)), "contradicts") in links]
        allies = [m for m in others if (*sorted((i, m.id)), "supports") in links]
        if any(m.blocs.isdisjoint(n.blocs) for m in opponents):
            assert got[i] == "contested"
        elif opponents:
            assert got[i] == "disputed-within-camp"
        elif any(m.blocs.isdisjoint(n.blocs) for m in allies):
            assert got[i] == "corroborated"
        else:
            assert got[i] == "uncorroborated"


def test_support_of_a_contested_claim_is_not_contested() -> None:
    # The seed: activists (5) support the Raqqa strike (4), which supports the precision
    # claim (1) that the joint statement (2) contradicts. Only direct links count.
    nodes = seed_like_nodes()
    got = standing(nodes, [c(1, 2), s(1, 4), s(4, 5)])
    assert got[1] == got[2] == "contested"
    assert got[4] == got[5] == "corroborated"


def test_coalition_member_against_the_coalition_is_within_camp() -> None:
    nodes = {
        1: node(1, JOINT, JOINT, blocs=MEMBERS),
        2: node(2, TURKEY, TURKISH_MFA, blocs={JOINT}),
        3: node(3, EU, RAY),
    }
    got = standing(nodes, [c(1, 2), s(2, 3)])
    assert got[1] == "disputed-within-camp"  # Turkey signed the joint statement
    assert got[2] == "disputed-within-camp"
    assert got[3] == "corroborated"


def test_tangled_standing_uses_direct_links() -> None:
    nodes = {i: node(i, camp) for i, camp in [(1, RUSSIA), (2, RUSSIA), (3, EU), (4, ACTIVISTS)]}
    nodes[2] = node(2, RUSSIA, LAVROV)
    # 1 x 2 x 4 x 1 (odd cycle); 3 supports 1 only.
    edges = [c(1, 2), c(2, 4), c(1, 4), s(1, 3)]
    (dispute,) = build_disputes(nodes.values(), edges)
    assert dispute.tangled
    got = standing(nodes, [dispute])
    assert got == {1: "contested", 2: "contested", 3: "corroborated", 4: "contested"}


# --- speaker pairs and credibility ----------------------------------------------------


def test_speaker_pairs_by_speaker_and_by_camp() -> None:
    nodes = seed_like_nodes()
    edges = [c(1, 2), Edge(3, 1, "contradicts"), s(4, 5), c(4, 7), s(1, 4)]
    assert speaker_pairs(nodes, edges) == {
        (KONASHENKOV, KONASHENKOV): {"contradicts": 0, "supports": 1},
        (KONASHENKOV, LAVROV): {"contradicts": 1, "supports": 0},
        (KONASHENKOV, JOINT): {"contradicts": 1, "supports": 0},
        (KONASHENKOV, ACTIVISTS): {"contradicts": 0, "supports": 1},
    }
    by_camp = speaker_pairs(nodes, edges, by="camp")
    assert by_camp == {
        (RUSSIA, RUSSIA): {"contradicts": 1, "supports": 1},
        (RUSSIA, ACTIVISTS): {"contradicts": 0, "supports": 1},
        (RUSSIA, JOINT): {"contradicts": 1, "supports": 0},
    }
    assert list(by_camp) == sorted(by_camp)
    with pytest.raises(ValueError, match="by"):
        speaker_pairs(nodes, edges, by="target")


def test_credibility_follows_standing() -> None:
    grades = {name: suggest_credibility(name) for name in STANDINGS}
    assert grades == {
        "corroborated": 2,
        "uncorroborated": 3,
        "disputed-within-camp": 4,
        "contested": 4,
        "retracted": 6,
    }
    with pytest.raises(ValueError, match="standing"):
        suggest_credibility("confirmed")


# --- suggestions --------------------------------------------------------------------

ISIS, MEDIA, FSA, NUSRA, USA = 19, 20, 21, 22, 17
DAY = "2015-10-02"


def claim(i, speaker, camp, target, topic, act, text, translation, location=None, blocs=()):
    return Candidate(
        i, speaker, camp, frozenset({camp, *blocs}), target, topic, location, DAY, act, text,
        translation,
    )  # fmt: skip


EXCLUSIVELY, NOT_AIMED = 6, 14


def article_claims(joint_act: str = "accuses", joint_target: int = RUSSIA) -> list[Candidate]:
    """About fifteen claims of the RT Arabic article of 2 October 2015."""
    k, mod, lav = KONASHENKOV, MOD, LAVROV
    return [
        claim(1, mod, RUSSIA, ISIS, "sorties", "asserts",
              "نفذت خلال الـ24 ساعة الأخيرة 18 طلعة جوية ضد 12 موقعا للإرهابيين",
              "18 sorties against 12 terrorist sites in Raqqa, Hama, Idlib and Aleppo", "Syria"),
        claim(2, mod, RUSSIA, ISIS, "precision", "asserts",
              "استخدام مقاتلات \"سو-34\" سيسمح بتوجيه ضربات ضد مواقع تنظيم \"داعش\" بدقة مطلقة",
              "Su-34 jets let the air force strike ISIS all over Syria with absolute precision"),
        claim(3, k, RUSSIA, ISIS, "precision", "asserts",
              "مقاتلات \"سو-34\" الروسية وجهت ضربات دقيقة من ارتفاع 5 آلاف متر",
              "Russian Su-34 jets made precise strikes from an altitude of 5,000 metres"),
        claim(4, k, RUSSIA, ISIS, "strikes", "asserts",
              "تدمير مركز قيادة تابع لـ\"داعش\" قرب الرقة في سوريا",
              "Russian aircraft destroyed an ISIS command centre near Raqqa", "Raqqa"),
        claim(5, ACTIVISTS, ACTIVISTS, ISIS, "strikes", "asserts",
              "الضربات الروسية قرب الرقة أدت إلى مقتل 12 من عناصر \"داعش\"",
              "Russian strikes near Raqqa killed 12 ISIS members", "Raqqa"),
        claim(EXCLUSIVELY, k, RUSSIA, ISIS, "targets", "asserts",
              "وأكد المسؤول العسكري الروسي أن الطيران الحربي الروسي يهدف إلى تدمير البنى التحتية "
              "لتنظيم \"داعش\" حصرا",
              "the Russian air force aims to destroy ISIS infrastructure exclusively"),
        claim(7, k, RUSSIA, RUSSIA, "ground forces", "asserts",
              "القوات السورية هي التي تجري عمليات برية دون مشاركة قوات روسية فيها",
              "Syrian forces conduct the ground operations without Russian forces"),
        claim(8, k, RUSSIA, ISIS, "strikes", "asserts",
              "طائرات \"سو-25\" ضربت معسكرا لمسلحي \"داعش\" في منطقة معرة النعمان",
              "Su-25 jets hit an ISIS camp in Maarrat al-Numan, Idlib", "Idlib"),
        claim(9, k, RUSSIA, USA, "deconfliction", "asserts",
              "ممثلي موسكو وواشنطن ناقشوا قضايا استخدام الطيران في سوريا بشكل آمن",
              "Moscow and Washington discussed safe use of aviation over Syria; talks were "
              "constructive"),
        claim(10, k, RUSSIA, MEDIA, "media", "accuses",
              "بعض وسائل الإعلام الدولية تناقلت معلومات مستفزة عارية عن الصحة",
              "some international media spread provocative, false reports"),
        claim(11, RAY, EU, RUSSIA, "targets", "demands",
              "طالب الاتحاد الأوروبي بأن تكون الضربات الجوية في سوريا موجهة ضد مواقع تابعة "
              "لتنظيم \"داعش\" الإرهابي فقط",
              "the EU demands that air strikes in Syria target ISIS only"),
        claim(12, RAY, EU, ISIS, "EU role", "asserts",
              "الاتحاد الأوروبي لا يشارك في العملية العسكرية ضد \"داعش\"",
              "the EU does not take part in the military operation against ISIS"),
        claim(13, RAY, EU, RUSSIA, "civilians", "concern",
              "قلق بشأن الضربات التي يتعرض لها مدنيون في مناطق حماة وحمص وإدلب",
              "the EU is concerned about strikes hitting civilians in Hama, Homs and Idlib"),
        claim(NOT_AIMED, JOINT, JOINT, joint_target, "targets", joint_act,
              "تعرب عن قلقها بشأن الضربات الجوية الروسية في سوريا والتي لم تكن موجهة ضد \"داعش\" "
              "وأدت، بحسب البيان، إلى سقوط ضحايا بين المدنيين",
              "Russian air strikes in Syria which were not aimed at ISIS and caused civilian "
              "casualties", blocs=MEMBERS),
        claim(15, JOINT, JOINT, RUSSIA, "civilians", "demands",
              "طالب البيان موسكو بتركيز جهودها على مواجهة \"داعش\" ووقف الهجمات ضد \"المعارضة "
              "السورية والمدنيين\"",
              "Moscow must focus on ISIS and stop attacking the Syrian opposition and civilians",
              blocs=MEMBERS),
        claim(16, lav, RUSSIA, NUSRA, "targets", "asserts",
              "روسيا تستهدف في سوريا \"جبهة النصرة\" و\"الدولة الإسلامية\" وغيرها من التنظيمات "
              "الإرهابية",
              "Russia targets Jabhat al-Nusra, the Islamic State and other terrorist groups"),
        claim(17, lav, RUSSIA, FSA, "FSA", "asserts",
              "الجيش الحر ليس تنظيما إرهابيا",
              "the Free Syrian Army is not a terrorist organisation"),
    ]  # fmt: skip


@pytest.mark.parametrize("joint_act", ["accuses", "concern"])
@pytest.mark.parametrize("joint_target", [RUSSIA, ISIS])
def test_exclusively_isis_vs_not_aimed_at_isis_ranks_top_five(joint_act, joint_target) -> None:
    found = suggest(article_claims(joint_act, joint_target), linked=set(), limit=5)
    pairs = [(x.a, x.b) for x in found]
    assert (EXCLUSIVELY, NOT_AIMED) in pairs, [(x.a, x.b, x.score, x.reason) for x in found]
    hit = found[pairs.index((EXCLUSIVELY, NOT_AIMED))]
    assert hit.kind == "contradiction"
    assert "حصرا" in hit.reason and "exclusively" in hit.reason
    assert "exclusivity: 'حصرا/exclusively' (#6) vs negation 'لم/not' (#14)" in hit.reason
    assert f"act: asserts (#6) vs {joint_act} (#14)" in hit.reason
    assert {e.kind for e in hit.evidence} == {"exclusivity", "negation", "act"}


def test_concern_scores_lower_than_accusation() -> None:
    def score(act: str) -> float:
        (hit,) = [
            x for x in suggest(article_claims(act), set(), 50) if x.b == NOT_AIMED and x.a == 6
        ]
        return hit.score

    assert score("concern") < score("accuses")
    assert score("demands") < score("accuses")
    assert score("denies") > score("accuses")


def test_exclusivity_against_negation_outweighs_a_bare_negation() -> None:
    def score(claims: list[Candidate]) -> float:
        (hit,) = [x for x in suggest(claims, set(), 100) if (x.a, x.b) == (6, NOT_AIMED)]
        return hit.score

    claims = article_claims()
    plain = replace(
        claims[5],
        text=claims[5].text.replace("حصرا", ""),
        translation="the Russian air force aims to destroy ISIS infrastructure",
    )
    weaker = score([*claims[:5], plain, *claims[6:]])
    assert weaker < score(claims)
    (hit,) = [x for x in suggest([plain, claims[13]], set()) if x.a == 6]
    assert "negation: 'لم/not' (#14), none in #6" in hit.reason
    assert "exclusivity" not in hit.reason


def test_links_are_excluded_in_either_order() -> None:
    claims = article_claims()
    assert (6, 14) in [(x.a, x.b) for x in suggest(claims, set(), 50)]
    for linked in ({(6, 14)}, {(14, 6)}):
        assert (6, 14) not in [(x.a, x.b) for x in suggest(claims, linked, 50)]


def test_suggestions_sorted_and_limited() -> None:
    found = suggest(article_claims(), set(), limit=50)
    assert len(found) > 5
    assert found == sorted(found, key=lambda x: (-x.score, x.a, x.b))
    assert all(x.a < x.b and 0 < x.score <= 1 and x.reason for x in found)
    assert suggest(article_claims(), set(), limit=3) == found[:3]
    assert suggest(list(reversed(article_claims())), set(), limit=50) == found
    assert suggest(article_claims(), set(), limit=0) == []


def test_contradictions_share_content_or_topic() -> None:
    found = suggest(article_claims(), set(), limit=100)
    by_id = {x.id: x for x in article_claims()}
    for x in found:
        a, b = by_id[x.a], by_id[x.b]
        assert a.topic == b.topic or "shared content 0%" not in x.reason, x
    # Lavrov on the FSA shares no topic and no words worth pairing with anyone.
    assert all(17 not in (x.a, x.b) for x in found if x.kind == "contradiction")


def test_same_camp_and_allied_camps_are_down_weighted_never_dropped() -> None:
    claims = article_claims()

    def score(*blocs: int, camp: int = JOINT) -> float:
        joint = replace(claims[13], camp_id=camp, blocs=frozenset({camp, *blocs}))
        (hit,) = [x for x in suggest([claims[5], joint], set()) if (x.a, x.b) == (6, 14)]
        return hit.score

    apart = score()
    allied = score(RUSSIA)  # the joint statement's bloc takes in Russia's camp
    same = score(camp=RUSSIA)
    assert 0 < same < allied < apart
    assert allied == pytest.approx(apart * 0.9, abs=1e-5)
    assert same == pytest.approx(apart * 0.8, abs=1e-5)


def test_duplicates_same_speaker_near_identical_text() -> None:
    base = article_claims()
    again = Candidate(
        30, KONASHENKOV, RUSSIA, frozenset({RUSSIA}), ISIS, None, None, "2015-10-03", "asserts",
        "وأكد المسؤولُ العسكري الروسي أن الطيران الحربي الروسي يهدف إلى تدمير البنى التحتية "
        "لتنظيم «داعش» حصراً",
        None,
    )  # fmt: skip
    other_camp = Candidate(
        31, RAY, EU, frozenset({EU}), MEDIA, None, None, None, "asserts", again.text, None
    )
    found = suggest([*base, again, other_camp], set(), limit=100)
    dupes = [x for x in found if x.kind == "duplicate"]
    assert [(x.a, x.b) for x in dupes] == [(EXCLUSIVELY, 30)]
    assert dupes[0].score >= 0.9
    assert dupes[0].reason.startswith("same speaker; normalised text")
    assert dupes[0] == found[0]


def test_duplicates_across_languages_use_translation() -> None:
    ar = Candidate(
        1,
        5,
        RUSSIA,
        frozenset({RUSSIA}),
        FSA,
        "FSA",
        None,
        DAY,
        "asserts",
        "الجيش الحر ليس تنظيما إرهابيا",
        "The Free Syrian Army is not a terrorist group",
    )
    en = Candidate(2, 4, RUSSIA, frozenset({RUSSIA}), NUSRA, None, None, DAY, "asserts",
                   "The Free Syrian Army is not a terrorist group.", None)  # fmt: skip
    (hit,) = suggest([ar, en], set())
    assert hit.kind == "duplicate" and hit.score == 1.0
    assert hit.reason == "same camp, different speakers; normalised translation and text 100% alike"


def test_opposed_acts_on_the_same_words_and_unrelated_claims() -> None:
    def at(i, camp, act, text):
        return Candidate(i, camp, camp, frozenset({camp}), 100 + i, None, "Raqqa", DAY, act,
                         text, None)  # fmt: skip

    same = [at(1, RUSSIA, "asserts", "strikes hit a command centre in Raqqa"),
            at(2, EU, "denies", "strikes hit a command centre in Raqqa")]  # fmt: skip
    (hit,) = suggest(same, set())
    assert hit.kind == "contradiction" and [e.kind for e in hit.evidence] == ["act"]
    assert hit.reason.startswith("shared content 100%, different camps")
    other = [same[0], at(2, EU, "denies", "the ministry opened a school in Homs")]
    assert suggest(other, set()) == []


def test_a_big_topic_does_not_pair_everything() -> None:
    many = [
        Candidate(i, i, i, frozenset({i}), ISIS, "targets", None, DAY,
                  "asserts" if i % 2 else "denies", f"claim number {i}", None)
        for i in range(600)
    ]  # fmt: skip
    found = suggest(many, set(), limit=100_000)
    assert len(found) < 600  # not every one of the 179,700 pairs


# --- the seed data set ------------------------------------------------------------------


def seed_candidates(data: dict) -> list[Candidate]:
    """Candidates from the TOML seed: camps from parents, blocs from coalition members."""
    entities = {e["key"]: e for e in data["entity"]}
    ids = {key: i for i, key in enumerate(entities, 1)}
    coalitions_of: dict[str, set[str]] = {}
    for e in entities.values():
        for member in e.get("members", []):
            coalitions_of.setdefault(member, set()).add(e["key"])

    def chain(key: str) -> list[str]:
        out = [key]
        while (parent := entities[out[-1]].get("parent")) and parent not in out:
            out.append(parent)
        return out

    def blocs(key: str) -> frozenset[int]:
        out = {chain(key)[-1]}
        for k in chain(key):
            out |= {chain(co)[-1] for co in coalitions_of.get(k, ())}
            out |= {chain(m)[-1] for m in entities[k].get("members", [])}
        return frozenset(ids[k] for k in out)

    return [
        Candidate(
            i,
            ids[cl["speaker"]],
            ids[chain(cl["speaker"])[-1]],
            blocs(cl["speaker"]),
            ids[cl["target"]],
            cl.get("topic"),
            cl.get("location"),
            cl.get("said_on"),
            cl["act"],
            cl["text"],
            cl.get("translation"),
        )
        for i, cl in enumerate(data["claim"], 1)
    ]


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED.name} not written yet")
def test_seed_exclusively_vs_not_aimed_in_top_five() -> None:
    from claimdb.text.normalize import normalize

    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    cands = seed_candidates(data)
    (exclusive,) = [x.id for x in cands if "حصرا" in normalize(x.text)]
    (not_aimed,) = [x.id for x in cands if "لم تكن موجهه" in normalize(x.text)]
    pair = (min(exclusive, not_aimed), max(exclusive, not_aimed))
    found = suggest(cands, linked=set(), limit=5)
    assert pair in [(x.a, x.b) for x in found], [(x.a, x.b, x.score, x.reason) for x in found]
    # With the data set's own links in place, the pair is no longer suggested.
    ids = {claim["key"]: i for i, claim in enumerate(data["claim"], 1)}
    linked = {(ids[link["a"]], ids[link["b"]]) for link in data.get("link", [])}
    assert pair in {(min(p), max(p)) for p in linked}
    assert pair not in [(x.a, x.b) for x in suggest(cands, linked, limit=100)]
