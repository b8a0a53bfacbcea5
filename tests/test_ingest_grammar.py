"""Each construction of issue 14 pinned with an Arabic and an English sentence: speaker
phrases bounded by grammar, the claim itself, the act from the whole statement."""

from __future__ import annotations

import pytest

from claimdb.ingest import propose
from claimdb.text.normalize import normalize


def resolver(names: dict[str, list[str]]):
    known = {normalize(a): name for name, aliases in names.items() for a in [name, *aliases]}
    return lambda phrase: known.get(normalize(phrase))


def one(text: str, **kw):
    (prop,) = propose(text, **kw)
    return prop


# --- speaker phrases ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [  # an adverbial phrase between the verb and its subject is not the speaker
        (
            "وقال في كلمة ألقاها أمس وزير الخارجية الروسي إن المفاوضات متوقفة.",
            "وزير الخارجية الروسي",
        ),
        ("Ray said on Monday in a speech that the talks had stalled.", "Ray"),
    ],
)
def test_adverbials_never_become_speakers(text: str, name: str) -> None:
    prop = one(text)
    assert prop.new_name == name
    assert prop.claim in ("المفاوضات متوقفة.", "the talks had stalled.")


@pytest.mark.parametrize(
    ("text", "name", "claim"),
    [  # the object of an accusation is not part of the speaker
        ("اتهمت الوزارة الحركة بخرق الهدنة.", "الوزارة", "الحركة بخرق الهدنة."),
        ("اتهمت إسرائيل إيران بأنها وراء الاحتجاجات.", "إسرائيل", "وراء الاحتجاجات."),
        ("The ministry accused Hamas of breaking the truce.", "The ministry", "Hamas of breaking"),
    ],
)
def test_accusation_objects_never_become_speakers(text: str, name: str, claim: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.act) == (name, "accuses")
    assert prop.claim.startswith(claim)


@pytest.mark.parametrize(
    ("text", "verb"),
    [  # a subject before a present-tense verb (headline SVO) and after a coordination
        ("تركيا تحذر فرنسا من ارتكاب خطأ في سوريا", "تحذر"),
        ("Turkey warned France against making a mistake in Syria.", "warned"),
    ],
)
def test_subject_before_the_verb(text: str, verb: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.verb, prop.act) == (
        "تركيا" if verb == "تحذر" else "Turkey",
        verb,
        "concern",
    )


def test_coordinated_statements_split_with_their_own_subjects() -> None:
    ar = propose("قطر تتهم السعودية باعتقال مواطن والإعلام السعودي يصفه بأنه ضابط مخابرات")
    assert [(p.new_name, p.act) for p in ar] == [("قطر", "accuses"), ("الإعلام السعودي", "asserts")]
    en = propose("Lavrov dismissed the plan as 'desperate', while Ray said it was misdirected.")
    assert [(p.new_name, p.act) for p in en] == [("Lavrov", "denies"), ("Ray", "asserts")]
    assert en[1].claim == "it was misdirected."


@pytest.mark.parametrize(
    ("text", "alias"),
    [  # a title before a registered alias: the alias wins, not the content
        ("وقال وزير الخارجية الروسي لافروف إن موسكو لن تتراجع.", "لافروف"),
        ("Russian Foreign Minister Lavrov said Moscow would not back down.", "Lavrov"),
    ],
)
def test_registered_alias_inside_a_titled_phrase(text: str, alias: str) -> None:
    prop = one(text, resolve=resolver({"Sergei Lavrov": [alias]}))
    assert (prop.speaker, prop.new_speaker) == ("Sergei Lavrov", False)


@pytest.mark.parametrize(
    ("text", "name"),
    [  # relative clauses are skipped, the person is the speaker
        ("وقال راي، الذي يرأس اللجنة، إن الاتحاد قلق.", "راي"),
        ("Ray, who chairs the committee, warned that the talks had stalled.", "Ray"),
    ],
)
def test_relative_clauses_never_become_speakers(text: str, name: str) -> None:
    assert one(text).new_name == name


@pytest.mark.parametrize(
    ("text", "person", "camp"),
    [  # the person of a spokesman phrase is the speaker, the organisation the camp
        (
            "وقال المتحدث باسم الخارجية الروسية إيغور كوناشينكوف إن الطائرات عادت.",
            "إيغور كوناشينكوف",
            "الخارجية الروسية",
        ),
        (
            "Ivan Petrov, a spokesman for the Russian foreign ministry, said the jets returned.",
            "Ivan Petrov",
            "Russian foreign ministry",
        ),
        (
            "Foreign ministry spokesman Ivan Petrov said the jets returned.",
            "Ivan Petrov",
            "Foreign ministry",
        ),
    ],
)
def test_spokesman_person_and_camp(text: str, person: str, camp: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.camp_phrase) == (person, camp)


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a new speaker is named without the title in front of the name
        ("وقال الرئيس الأمريكي دونالد ترامب إن الاتفاق سيئ.", "دونالد ترامب"),
        ("Deputy Prime Minister Ivan Petrov said the deal was bad.", "Ivan Petrov"),
        ("Canadian Prime Minister Stephen Harper said the deal was bad.", "Stephen Harper"),
    ],
)
def test_new_speaker_names_without_titles(text: str, name: str) -> None:
    prop = one(text)
    assert prop.new_name == name
    assert prop.title and prop.title in text and name not in prop.title  # kept as a description


@pytest.mark.parametrize(
    "text",
    [  # a bare title after a named speaker is that speaker again, not a new one
        "وقال اللواء علي محمود إن القوات تقدمت. وأكد العميد أن المعارك مستمرة.",
        "General Ali Mahmoud said the troops advanced. The general said fighting went on.",
    ],
)
def test_bare_titles_are_the_speaker_before(text: str) -> None:
    first, second = propose(text)
    assert second.new_name == first.new_name


@pytest.mark.parametrize(
    "text",
    [  # subjectless and pronoun continuations carry the previous speaker
        "وقال راي إن الاتحاد قلق. وأضاف أن الضربات يجب أن تتوقف. مشيرا إلى أن المدنيين قتلوا.",
        "Ray said the EU was worried. He added that the strikes must stop.",
    ],
)
def test_continuations_carry_the_speaker(text: str) -> None:
    props = propose(text)
    assert len(props) >= 2 and {p.new_name for p in props} == {"راي" if "راي" in text else "Ray"}


# --- the claim itself ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("وقال الوزير إن الضربات أصابت أهدافها.", "الضربات أصابت أهدافها."),
        (
            "The minister told the BBC on Tuesday that the strikes hit their targets.",
            "the strikes hit their targets.",
        ),
        ("قالت الوزارة: «لن نتراجع عن قرارنا أبدا».", "لن نتراجع عن قرارنا أبدا"),
        (
            "The ministry said: “We will never back down from our decision.”",
            "We will never back down from our decision.",
        ),
        (
            '"We will never back down from our decision," the ministry said.',
            "We will never back down from our decision",
        ),
    ],
)
def test_the_claim_is_the_reported_content_and_the_quote_the_sentence(
    text: str, claim: str
) -> None:
    prop = one(text)
    assert prop.claim == claim
    assert prop.claim in text and (prop.quote in text)


@pytest.mark.parametrize(
    "text",
    [  # a quotation that goes on in its own sentence keeps the speaker
        "وقالت الوزارة إن الضربات دقيقة. «لقد أصبنا كل الأهداف المحددة بدقة».",
        'Ray said the strikes were precise. "We hit every target we had chosen."',
    ],
)
def test_quotes_that_span_sentences(text: str) -> None:
    first, second = propose(text)
    assert second.new_name == first.new_name
    assert second.claim in (
        "لقد أصبنا كل الأهداف المحددة بدقة",
        "We hit every target we had chosen.",
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وبحسب المرصد السوري، قتل 12 مدنيا في الغارات.", "المرصد السوري"),
        ("According to the Observatory, 12 civilians were killed in the strikes.", "Observatory"),
        ("وقال بيان الوزارة إن الغارات أصابت أهدافها.", "الوزارة"),
        ("The ministry's statement said the strikes hit twelve sites.", "The ministry"),
    ],
)
def test_according_to_and_statements_as_attributions(text: str, name: str) -> None:
    prop = one(text)
    assert name in prop.new_name
    assert "بيان" not in prop.new_name and "statement" not in prop.new_name


@pytest.mark.parametrize(
    ("text", "speaker", "via", "claim"),
    [
        (
            "وذكرت وكالة رويترز أن الوزارة قالت إن الغارات أصابت أهدافها.",
            "الوزارة",
            "وكالة رويترز",
            "الغارات أصابت أهدافها.",
        ),
        (
            "RT reported that the ministry said the strikes hit twelve sites.",
            "the ministry",
            "RT",
            "the strikes hit twelve sites.",
        ),
    ],
)
def test_reported_speech_has_a_via(text: str, speaker: str, via: str, claim: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.via, prop.claim) == (speaker, (via,), claim)


# --- the act from the whole statement -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("The ministry said the air force was not responsible for the strike.", "denies"),
        ("وقالت الوزارة إن القوات الجوية ليست مسؤولة عن الغارة.", "denies"),
        ("The minister said his department had no plans to cut jobs.", "denies"),
        ("وقالت تونس إنه ليس لديها خطط لإعادته.", "denies"),
        ("The ministry said the rebels were behind the attack.", "accuses"),
        ("وقالت الوزارة إن الحركة تقف وراء الهجوم.", "accuses"),
        ("The EU said Moscow must stop the strikes.", "demands"),
        ("وقال الاتحاد إنه يجب وقف الغارات فورا.", "demands"),
        ("The EU condemned the strikes on hospitals.", "concern"),
        ("وأدان الاتحاد الأوروبي الغارات على المستشفيات.", "concern"),
        ("The EU criticised the strikes on hospitals.", "accuses"),
        ("وانتقد الاتحاد الأوروبي الغارات على المستشفيات.", "accuses"),
        ("The EU hit out at Moscow over the strikes.", "accuses"),
        ("The minister dismissed the report as fabricated.", "denies"),
        ("وأشاد الاتحاد الأوروبي بالاتفاق.", "asserts"),
        ("The EU praised the agreement.", "asserts"),
        ("ونصح الاتحاد رعاياه بمغادرة البلاد.", "demands"),
        ("The embassy advised citizens to leave the country.", "demands"),
        ("وعبر الاتحاد الأوروبي عن قلقه من التصعيد.", "concern"),
        ("The EU expressed concern over the escalation.", "concern"),
        ("وادعى الجيش أن الطائرة كانت مسلحة.", "asserts"),
        ("The army highlighted that the plane was armed.", "asserts"),
        ("The ministry said the rebels committed war crimes.", "accuses"),
        ("وقالت الوزارة إن الحركة ارتكبت جرائم حرب.", "accuses"),
        ("The EU said the strikes were a disaster.", "asserts"),  # no negation, no accusation
    ],
)
def test_the_act_comes_from_the_whole_statement(text: str, act: str) -> None:
    assert one(text).act == act


def test_strikes_hit_is_not_a_reporting_verb() -> None:
    assert propose("Russian strikes hit twelve sites in Raqqa on Monday.") == []


@pytest.mark.parametrize(
    ("text", "names", "speaker"),
    [  # the longest registered name inside the phrase wins, the earliest of equals
        (
            "قال ترامب لأمير قطر إنه أصبح مناصرا كبيرا.",
            {"Donald Trump": ["ترامب"], "Qatar": ["قطر"]},
            "Donald Trump",
        ),
        (
            "The EU's Catherine Ray said the strikes must stop.",
            {"EU": [], "Catherine Ray": ["Ray"]},
            "Catherine Ray",
        ),
    ],
)
def test_the_longest_registered_name_in_the_phrase_wins(
    text: str, names: dict, speaker: str
) -> None:
    assert one(text, resolve=resolver(names)).speaker == speaker


@pytest.mark.parametrize(
    "text",
    [  # a quotation left open over a sentence end goes on until it closes
        'وقال راي إن الضربات دقيقة. "لقد أصبنا كل الأهداف. ولم نخطئ أيا منها».',
        'Ray said the strikes were precise. "We hit every target. None was missed.”',
    ],
)
def test_a_quotation_left_open_goes_on_with_its_speaker(text: str) -> None:
    props = propose(text)
    assert len(props) == 3 and len({p.new_name for p in props}) == 1


@pytest.mark.parametrize(
    ("text", "claim"),
    [  # the content ends where a new verb joins the reporting verb, not inside its clause
        ("The church condemned the law and threatened to protest.", "the law"),
        ("The UN criticized North Korea, and the United States stopped food aid.", "North Korea"),
        (
            "The ministry said the plan was drafted and approved.",
            "the plan was drafted and approved.",
        ),
        (
            "وانتقدت الأمم المتحدة كوريا الشمالية وطالبت بوقف التجارب.",
            "كوريا الشمالية",
        ),
    ],
)
def test_the_content_ends_before_a_coordinated_verb(text: str, claim: str) -> None:
    assert propose(text)[0].claim == claim


@pytest.mark.parametrize(
    "text",
    [  # «وتابع:» / "He added:" with a quotation: the speaker before goes on
        "وقال وليم ميوم إن الشرطة اعتقلت المشتبه به. وتابع: «الشرطة تجري التحقيقات الآن».",
        'William Miyom said the police had arrested him. He added: "The police are investigating."',
    ],
)
def test_a_continuation_verb_before_a_colon_keeps_the_speaker(text: str) -> None:
    first, second = propose(text)
    assert second.new_name == first.new_name
    assert second.claim.startswith(("الشرطة تجري", "The police are"))


@pytest.mark.parametrize(
    ("text", "person", "camp", "claim"),
    [  # an apposition after the name: the person speaks, the spokesman's camp is kept,
        # and the claim starts after the apposition
        (
            "وقال وليم ميوم، المتحدث باسم حكومة الولاية، في تصريح، إن الشرطة اعتقلت المشتبه به.",
            "وليم ميوم",
            "حكومة الولاية",
            "الشرطة اعتقلت",
        ),
        (
            "وأكد اللواء أيول أتيب، مدير شرطة الولاية، وقوع الحادث.",
            "أيول أتيب",
            None,
            "وقوع الحادث",
        ),
        (
            "William Miyom, a spokesman for the state government, said the police had held him.",
            "William Miyom",
            "state government",
            "the police had",
        ),
    ],
)
def test_appositions_after_the_name(text: str, person: str, camp: str | None, claim: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.camp_phrase) == (person, camp)
    assert prop.claim.startswith(claim)


def test_affiliated_to_is_not_a_reporting_verb() -> None:
    assert propose("ودمرت الطائرات مركز قيادة تابع لـ«داعش» في المنطقة.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [  # "..., a police chief said": the phrase just before the verb is the speaker
        (
            "Police arrested a man in Utrecht, where three people were shot, a police chief said.",
            "a police chief",
        ),
        (
            "Utrecht police chief Rob van Bree told a news conference the suspect was held.",
            "Rob van Bree",
        ),
        ("Lt Hawley said the man was not carrying a weapon.", "Hawley"),
        ("واعتقلت الشرطة رجلا في أوتريخت، قال قائد الشرطة.", "قائد الشرطة"),
    ],
)
def test_speaker_after_the_content_and_names_with_particles(text: str, name: str) -> None:
    assert propose(text)[-1].new_name == name


@pytest.mark.parametrize(
    ("text", "name", "claim"),
    [  # a spokesman with no name: the organisation speaks; the addressee is not the claim
        (
            "An official spokesperson for WikiLeaks said the site would stay open.",
            "WikiLeaks",
            "the site would stay open.",
        ),
        (
            "Speaking to The Next Web, a spokesman for WikiLeaks said the site would stay open.",
            "WikiLeaks",
            "the site would stay open.",
        ),
        ("Ray told Press Gazette the talks had stalled.", "Ray", "the talks had stalled."),
        (
            "وقال متحدث باسم ويكيليكس لموقع ذا نكست ويب إن الموقع سيبقى مفتوحا.",
            "ويكيليكس",
            "الموقع سيبقى مفتوحا.",
        ),
    ],
)
def test_nameless_spokesmen_and_addressees(text: str, name: str, claim: str) -> None:
    prop = one(text)
    assert (prop.new_name, prop.claim) == (name, claim)
